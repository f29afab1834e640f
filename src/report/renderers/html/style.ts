/**
 * The page's CSS: readable on a screen, on a phone (390 px: one column, tables scroll inside their
 * box, no text under 12 px) and on A4 paper (no navigation, nothing split across pages, two columns
 * of charts). Good changes are green, bad ones red, neither grey; the words say it too.
 */
export const CSS = `
:root {
  --fg: #1d2330; --muted: #4f586a; --line: #d9dde5; --bg: #fff; --accent: #2f5fa7;
  --good: #1a7f37; --bad: #b42318; --neutral: #4f586a;
}
* { box-sizing: border-box; }
body {
  margin: 0; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
  color: var(--fg); background: var(--bg);
}
header, main, footer { max-width: 1180px; margin: 0 auto; padding: 0 16px; }
header { padding-top: 20px; border-bottom: 2px solid var(--accent); }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 20px; margin: 28px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 18px 0 6px; }
.meta { color: var(--muted); margin: 0 0 12px; font-size: 14px; overflow-wrap: anywhere; }
nav { margin: 8px 0 12px; font-size: 14px; display: flex; flex-wrap: wrap; gap: 4px 14px; }
nav a { color: var(--accent); text-decoration: none; white-space: nowrap; }
.tiles {
  display: grid; grid-template-columns: repeat(auto-fill, minmax(min(100%, 200px), 1fr)); gap: 12px; margin: 16px 0;
}
.tile {
  border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; break-inside: avoid; page-break-inside: avoid;
}
.tile h3 { margin: 0 0 4px; font-size: 14px; font-weight: 600; color: var(--muted); }
.tile .value { margin: 0; font-size: 26px; font-weight: 650; line-height: 1.2; font-variant-numeric: tabular-nums; }
.tile .sample, .tile .also { margin: 2px 0 0; font-size: 13px; color: var(--muted); }
.tile .change { margin: 6px 0 0; font-size: 13px; }
.tile .small { margin: 4px 0 0; font-size: 12px; color: var(--muted); font-style: italic; }
.tile .def { font-size: 12px; color: var(--accent); }
.good { color: var(--good); }
.bad { color: var(--bad); }
.neutral { color: var(--neutral); }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(100%, 340px), 1fr)); gap: 14px 20px; }
figure.chart {
  margin: 0 0 12px; padding: 8px; border: 1px solid var(--line); border-radius: 6px; min-width: 0;
  break-inside: avoid; page-break-inside: avoid;
}
figure.chart figcaption { font-weight: 600; font-size: 15px; margin-bottom: 4px; }
figure.chart svg { display: block; width: 100%; max-width: 560px; height: auto; }
.statement { font-size: 14px; margin: 6px 0 0; }
figure.chart th { white-space: normal; }
figure.chart th, figure.chart td { padding: 4px 5px; }
.table-wrap { overflow-x: auto; margin: 6px 0 12px; max-width: 100%; }
table { border-collapse: collapse; font-size: 14px; }
table.compact { font-size: 13px; }
th, td {
  border-bottom: 1px solid var(--line); padding: 4px 8px; text-align: left; vertical-align: top; white-space: nowrap;
}
th { background: #f3f5f8; font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
th.partial { font-style: italic; }
.swatch { font-size: 12px; }
.n { color: var(--muted); font-size: 12px; }
.note { color: var(--muted); font-size: 13px; }
.empty { color: var(--muted); font-style: italic; }
ul.emerging { font-size: 14px; padding-left: 20px; }
details#method { margin: 28px 0 0; border-top: 1px solid var(--line); padding-top: 8px; }
details#method summary { font-size: 18px; font-weight: 600; cursor: pointer; }
dl { display: grid; grid-template-columns: minmax(120px, max-content) 1fr; gap: 2px 12px; font-size: 14px; }
dt { font-weight: 600; }
dd { margin: 0; overflow-wrap: anywhere; }
code { font-size: 13px; }
footer {
  margin-top: 32px; padding-bottom: 24px; color: var(--muted); font-size: 13px; border-top: 1px solid var(--line);
}
@media (max-width: 600px) {
  body { font-size: 14px; }
  .tiles { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8px; }
  .tile { padding: 8px; }
  .tile .value { font-size: 20px; }
  h1 { font-size: 20px; }
  th, td { padding: 3px 6px; }
  dl { grid-template-columns: 1fr; }
}
@media print {
  @page { size: A4; margin: 14mm; }
  body { font-size: 10pt; }
  nav { display: none; }
  header, main, footer { max-width: none; padding: 0; }
  h2 { break-after: avoid; page-break-after: avoid; }
  .tiles { grid-template-columns: repeat(4, 1fr); gap: 6pt; }
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 8pt; }
  figure.chart { border: none; padding: 0; }
  .table-wrap { overflow: visible; }
  .table-wrap table { width: 100%; table-layout: fixed; font-size: 8pt; }
  th, td { white-space: normal; overflow-wrap: anywhere; padding: 2pt 3pt; }
  details#method { display: block; }
  details#method > * { display: block; }
  a { color: inherit; text-decoration: none; }
}
`;
