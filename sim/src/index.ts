// Public API of @citysync/sim: the scenario, the model's year, its results and charts.
export { SimScenarioError } from './errors.js';
export { loadScenario, scenariosDir, validateScenario } from './loadScenario.js';
export type {
  AdversaryName,
  Adversaries,
  IssuerSpec,
  PolicyKind,
  PolicySpec,
  RedeemerSpec,
  Scenario,
} from './scenario.js';
export { healthGovernance } from './governance.js';
export { Random } from './random.js';
export { type Operation, VERIFY_BATCH } from './operations.js';
export { evidenceHashOf } from './ledger.js';
export { participantAddress } from './logs.js';
export { type PeriodRecord, type RunYearOptions, type YearResult, SIM_ORIGIN, runYear } from './runYear.js';
export { type PeriodFigures, type PolicySummary, periodFigures, summarise } from './summary.js';
export { type Detection, captiveIssuerShare, capacityWithdrawnInPeriod, detect, newcomerBurst } from './detection.js';
export { type ChartPolicy, coverageChart, flowsChart, indicatorsChart, renderSvg, svgToPng } from './charts.js';
export { type SimulateParameters, type SimulateReturnType, type SimulationResults, simulate } from './simulate.js';
