/** How a ticket file's header maps to fields: the column of each mapped field, the `--by` dimensions. */
import { usageError } from '../errors.js';
import { DIM_FIELDS, type DimField } from '../model/ticket.js';
import { parseMappingName, type MappedField } from './fields.js';
import { headerIndex, headerKey, type TicketProfile } from './profiles/index.js';

/** What column planning reads of the reader's options. */
export interface ColumnOptions {
  profile: TicketProfile;
  /** User mapping (name -> column header), overriding the profile's columns. */
  map: Readonly<Record<string, string>>;
  /** Dimension names requested with `--by`: standard fields, mapped extras, or header names. */
  by: readonly string[];
  /** Fields the profile must not map (`--map field=`, `--unmap`, config `input.map: { field: null }`). */
  unmap?: readonly string[] | undefined;
  /** The number columns of the config's metrics (`metrics:`): id, column header, ms per unit (null: a number). */
  numbers?: readonly { id: string; column: string; unitMs: number | null }[] | undefined;
  /** The fields a complaint classifier reads (always read when mapped). */
  classifier?: { readonly fields: ReadonlySet<string> } | undefined;
}
/** How one mapped field is read from its column. */
export interface FieldPlan {
  name: string;
  column: number;
  header: string;
  target: MappedField;
}

export interface ColumnPlan {
  /** Mapping name -> header used, for `profiles`, `inspect` and the report's definitions. */
  resolved: Record<string, string>;
  /** The fields the profile mapped (the others come from the user's mapping). */
  auto: string[];
  /** Fields the profile would have mapped that the user switched off. */
  unmapped: string[];
  /** `--by` name -> the dimension key in the table. */
  dimensions: Record<string, string>;
}

/** Resolves the column of each mapped field against a file's header. Throws usage errors naming the mapping. */
export function planColumns(
  header: readonly string[],
  options: Pick<ColumnOptions, 'profile' | 'map' | 'by' | 'unmap' | 'numbers'>,
): {
  fields: FieldPlan[];
  plan: ColumnPlan;
  extraDimColumns: { key: string; column: number }[];
} {
  const index = headerIndex(header);
  const fields: FieldPlan[] = [];
  const resolved: Record<string, string> = {};
  const take = (name: string, column: number) => {
    const target = parseMappingName(name);
    if (!target) {
      throw usageError('bad_mapping', `"${name}" is not a field name a mapping can use`, {
        where: `--map ${name}=…`,
        hint:
          'Field names are lower-case with underscores: id, created, first_reply, ' +
          'solved, team, first_reply_minutes… (run `opsmetrics profiles`).',
      });
    }
    const header_ = header[column] ?? '';
    fields.push({ name, column, header: header_, target });
    resolved[name] = header_;
  };
  const auto: string[] = [];
  const unmapped: string[] = [];
  const undo = new Set(options.unmap ?? []);
  for (const [name, candidates] of Object.entries(options.profile.columns)) {
    if (name in options.map) continue;
    const column = candidates.map((c) => index.get(headerKey(c))).find((i) => i !== undefined);
    if (column === undefined) continue;
    if (undo.has(name)) unmapped.push(name);
    else {
      take(name, column);
      auto.push(name);
    }
  }
  for (const [name, columnName] of Object.entries(options.map)) {
    const column = index.get(headerKey(columnName));
    if (column === undefined) {
      throw usageError(
        'mapped_column_missing',
        `the mapping ${name}=${columnName} names a column that is not in the header`,
        {
          where: `--map ${name}=${columnName}`,
          hint: `Columns in this file: ${header.slice(0, 30).join(', ')}${header.length > 30 ? ', …' : ''}`,
        },
      );
    }
    take(name, column);
  }
  // The config's metrics read their columns where the file has them (else the metric is unavailable).
  for (const n of options.numbers ?? []) {
    const column = index.get(headerKey(n.column));
    if (column !== undefined) {
      fields.push({
        name: `metric:${n.id}`,
        column,
        header: header[column] ?? '',
        target: { kind: 'number', name: n.id, unitMs: n.unitMs },
      });
    }
  }
  if (!fields.some((f) => f.target.kind === 'instant' && f.target.field === 'created')) {
    throw usageError('created_not_mapped', 'no column gives the ticket creation time', {
      hint:
        `Map it with --map created="<column>" or in the config under ` +
        `input.map.created. Columns: ${header.slice(0, 20).join(', ')}`,
    });
  }

  const dimensions: Record<string, string> = {};
  const extraDimColumns: { key: string; column: number }[] = [];
  for (const f of fields) {
    if (f.target.kind === 'extra') extraDimColumns.push({ key: f.target.name, column: f.column });
  }
  for (const name of options.by) {
    if (
      (DIM_FIELDS as readonly string[]).includes(name) ||
      fields.some((f) => f.target.kind === 'extra' && f.target.name === name)
    ) {
      dimensions[name] = name;
      continue;
    }
    const column = index.get(headerKey(name));
    if (column === undefined) {
      throw usageError('unknown_dimension', `--by ${name}: no such field or column`, {
        where: '--by',
        hint: `Use a field (${DIM_FIELDS.join(', ')}), a mapped extra name, or a column of the file.`,
      });
    }
    const mapped = fields.find((f) => f.column === column && f.target.kind === 'dim');
    if (mapped && mapped.target.kind === 'dim') {
      dimensions[name] = mapped.target.field;
    } else {
      const key = `column:${header[column]?.trim() ?? name}`;
      dimensions[name] = key;
      if (!extraDimColumns.some((e) => e.key === key)) extraDimColumns.push({ key, column });
    }
  }
  return { fields, plan: { resolved, auto, unmapped, dimensions }, extraDimColumns };
}

/**
 * Whether a mapped field is read under {@link NormalizeOptions.dims}: every field but dimensions
 * (and the subject, whose references fill `order_ref`, and extra columns mapped for `--by`) outside
 * `dims`, the groupings, the profile's follow-up field and the classifier's fields. Dictionary
 * codes cost the reading thread a null check and the main thread an interning per row and column,
 * and 4 bytes: skipping status, channel, agent and category took 7% off a 1M-row report, 11% with
 * the subject (Zendesk's channel is its follow-up field, read anyway).
 */
export function usedField(
  dims: ReadonlySet<DimField>,
  plan: ColumnPlan,
  options: Pick<ColumnOptions, 'profile' | 'classifier'>,
): (f: FieldPlan) => boolean {
  const used = new Set<string>([...dims, ...Object.values(plan.dimensions)]);
  if (options.profile.followUp !== undefined) used.add(options.profile.followUp.field);
  for (const field of options.classifier?.fields ?? []) used.add(field === 'subject' ? 'order_ref' : field);
  return (f) =>
    f.target.kind === 'dim'
      ? used.has(f.target.field)
      : f.target.kind === 'subject'
        ? used.has('order_ref')
        : f.target.kind === 'extra'
          ? used.has(f.target.name)
          : true;
}

/**
 * The cell values (trimmed, lower-cased) that mean "no value": the user's tokens plus the profile's.
 * @example
 * import { servicenow } from './profiles/tickets/servicenow.js';
 * nullTokenSet(['', 'N/A'], servicenow).has('n/a') // true
 */
export function nullTokenSet(nullTokens: readonly string[], profile: TicketProfile): Set<string> {
  return new Set([...nullTokens, ...(profile.nullTokens ?? [])].map((t) => t.trim().toLowerCase()));
}
