/**
 * Reading a written workbook back for the tests: its parts (fflate), each cell's number format (from
 * the sheet's `s` attribute through styles.xml), and the values (read-excel-file, the sibling of the
 * writer, by another code path than ours).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import readXlsxFile from 'read-excel-file/node';
import { xmlProblems } from './xml.js';

export type Parts = Record<string, string>;

export function xlsxParts(bytes: Uint8Array): Parts {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, strFromU8(data)]));
}

/** The sheet names in tab order, and the part of each. */
export function sheetParts(parts: Parts): { name: string; part: string }[] {
  const workbook = parts['xl/workbook.xml'] ?? '';
  const rels = parts['xl/_rels/workbook.xml.rels'] ?? '';
  return [...workbook.matchAll(/<sheet\b[^>]*>/g)].map(([tag]) => {
    const name = /name="([^"]*)"/.exec(tag)?.[1] ?? '';
    const id = /r:id="([^"]*)"/.exec(tag)?.[1] ?? '';
    const target = new RegExp(`<Relationship[^>]*Id="${id}"[^>]*Target="([^"]*)"`).exec(rels)?.[1] ?? '';
    return { name: unescapeXml(name), part: `xl/${target.replace(/^\/?xl\//, '')}` };
  });
}

const unescapeXml = (text: string) =>
  text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');

/** Cell reference (`C2`) -> number format code, for the cells of one sheet that have a style. */
export function cellFormats(parts: Parts, sheet: string): Record<string, string> {
  const styles = parts['xl/styles.xml'] ?? '';
  const codes = new Map<string, string>([['0', 'General']]);
  for (const [, id, code] of styles.matchAll(/<numFmt numFmtId="(\d+)" formatCode="([^"]*)"/g)) {
    codes.set(id as string, unescapeXml(code as string));
  }
  const xfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)?.[1] ?? '';
  const styleFormat = [...xfs.matchAll(/<xf\b([^>]*)>/g)].map(([, attrs]) => {
    const id = /numFmtId="(\d+)"/.exec(attrs ?? '')?.[1] ?? '0';
    return codes.get(id) ?? `builtin ${id}`;
  });
  const part = sheetParts(parts).find((s) => s.name === sheet)?.part ?? '';
  const out: Record<string, string> = {};
  for (const [, ref, style] of (parts[part] ?? '').matchAll(/<c r="([A-Z]+\d+)"[^>]*?\bs="(\d+)"/g)) {
    out[ref as string] = styleFormat[Number(style)] ?? 'General';
  }
  return out;
}

/** The problems of every XML part (none: each is well-formed), and xmllint's verdict where it is installed. */
export function workbookProblems(bytes: Uint8Array): string[] {
  const parts = xlsxParts(bytes);
  const problems = Object.entries(parts)
    .filter(([name]) => name.endsWith('.xml') || name.endsWith('.rels'))
    .flatMap(([name, xml]) => xmlProblems(xml).map((p) => `${name}: ${p}`));
  if (existsSync('/usr/bin/xmllint')) {
    // One xmllint run for every part (one process per part cost a second a workbook); it names each
    // part that fails, by its file name here (the part's path with '_' for '/').
    const dir = mkdtempSync(join(tmpdir(), 'opsmetrics-xlsx-'));
    try {
      const files = Object.entries(parts).map(([name, xml]) => {
        const file = join(dir, name.replace(/[/[\]]/g, '_'));
        writeFileSync(file, xml);
        return file;
      });
      try {
        execFileSync('/usr/bin/xmllint', ['--noout', ...files], { stdio: 'pipe' });
      } catch (error) {
        problems.push(`xmllint: ${String((error as { stderr?: Buffer }).stderr ?? error)}`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return problems;
}

/** Every sheet's cells as read-excel-file reads them. */
export async function readSheets(bytes: Uint8Array): Promise<Map<string, unknown[][]>> {
  const sheets = await readXlsxFile(Buffer.from(bytes));
  return new Map(sheets.map((s) => [s.sheet, s.data as unknown[][]]));
}
