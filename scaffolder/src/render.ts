import { readFileSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

import Handlebars from 'handlebars';

import { count, percent } from './format.js';

/**
 * scaffolder/templates: the tree of a scaffolded package. A `*.hbs` file is rendered with handlebars (the suffix
 * dropped); any other file is copied byte for byte (the generic contracts, their precompiled artifacts, the
 * generic Foundry test). `gitignore` becomes `.gitignore` and `changeset/` becomes `.changeset/` (a dot file in
 * the templates would act on the scaffolder's own repository); `changeset/entry.md.hbs` is named after the slug.
 */
export const templatesDir: string = fileURLToPath(new URL('../templates/', import.meta.url));

/** One file of the package: its path relative to the package, and its bytes. */
export type RenderedFile = { path: string; content: string | Buffer; rendered: boolean };

export type RenderPackageParameters = {
  /** The data the templates read (see view.ts). */
  view: object;
  /** The changeset's file name, without `.md`. */
  changesetSlug: string;
  /** Template paths (relative to templatesDir, with /) not to render, e.g. offerings.json.hbs without offerings. */
  skip?: readonly string[] | undefined;
};

/** Renders every template into memory, sorted by output path. Writes nothing. */
export function renderPackage({ view, changesetSlug, skip = [] }: RenderPackageParameters): RenderedFile[] {
  const hbs = handlebars();
  const files: RenderedFile[] = [];
  for (const template of listTemplates(templatesDir)) {
    if (skip.includes(template)) continue;
    const path = outputPath(template, changesetSlug);
    const source = readFileSync(join(templatesDir, template));
    if (!template.endsWith('.hbs')) {
      files.push({ path, content: source, rendered: false });
      continue;
    }
    const render = hbs.compile(source.toString('utf8'), { noEscape: true, strict: true });
    files.push({ path, content: render(view), rendered: true });
  }
  // Code-point order: the same on every machine, whatever its locale.
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** Every template file, relative to `dir`, with `/` separators. */
export function listTemplates(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

function outputPath(template: string, changesetSlug: string): string {
  const path = template.replace(/\.hbs$/, '');
  if (path === 'gitignore') return '.gitignore';
  if (path === 'changeset/entry.md') return `.changeset/${changesetSlug}.md`;
  return path.replace(/^changeset\//, '.changeset/');
}

/** A handlebars environment of our own (no global helpers), with the helpers the templates use. */
function handlebars(): typeof Handlebars {
  const hbs = Handlebars.create();
  // {{{json value 2}}}: pretty JSON whose lines after the first are indented to sit at that column.
  hbs.registerHelper('json', (value: unknown, ...rest: unknown[]) => {
    const indent = typeof rest[0] === 'number' ? rest[0] : 0;
    return JSON.stringify(value, null, 2).replaceAll('\n', `\n${' '.repeat(indent)}`);
  });
  // {{cell text}}: text that stays inside one Markdown table cell.
  hbs.registerHelper('cell', (value: unknown) => String(value).replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' '));
  hbs.registerHelper('count', (value: unknown) => (typeof value === 'number' ? count(value) : String(value)));
  hbs.registerHelper('percent', (value: unknown) => (typeof value === 'number' ? percent(value) : String(value)));
  return hbs;
}
