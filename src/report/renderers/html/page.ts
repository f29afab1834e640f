import type { Report } from '../../model.js';
import { renderHtml as legacy } from '../html.js';
import type { RenderOptions } from '../registry.js';

export function renderHtml(report: Report, _options: RenderOptions = {}): Promise<string> {
  return legacy(report);
}
