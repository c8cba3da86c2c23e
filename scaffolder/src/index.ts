// Public API of @citysync/scaffolder: the graduation report of an MCE record and the module package rendered from it.

// Graduation
export {
  defaultGraduationCriteriaFile,
  graduationCriteriaFrom,
  graduationParameterKeys,
  loadGraduationCriteria,
  type GraduationCriteria,
  type GraduationThreshold,
} from './criteria.js';
export {
  gradeMceRecord,
  type GraduationCheck,
  type GraduationCriterion,
  type GraduationCriterionId,
  type GraduationReport,
} from './grade.js';
export { formatGraduationReport } from './formatReport.js';

// Rendering
export {
  deriveBudget,
  deriveRate,
  derivationRules,
  maxTaskTypes,
  planModule,
  rateRuleText,
  type DerivedParameter,
  type DerivedTaskType,
  type Factor,
  type ModulePlan,
} from './derive.js';
export { listTemplates, renderPackage, templatesDir, type RenderedFile, type RenderPackageParameters } from './render.js';
export {
  graduationIssues,
  scaffoldModule,
  type ScaffoldModuleErrorType,
  type ScaffoldModuleParameters,
  type ScaffoldModuleReturnType,
} from './scaffoldModule.js';

// Errors
export {
  GraduationFailedError,
  ScaffoldOutputError,
  ScaffoldRecordError,
  ScaffoldRenderError,
  ScaffoldTargetError,
} from './errors.js';
