/**
 * SVG → PNG on the server (resvg), for the `/charts/NAME.png` route and the Word briefing. The
 * chart SVG comes from `renderChartSvg` (the same option as every other form of the chart); this
 * only rasterizes it.
 *
 * Fonts: resvg draws text only with the fonts it is given. System fonts are not scanned (slow,
 * and a machine without a CJK font would silently draw tofu or nothing); one explicit CJK font file
 * is loaded instead: Debian's `fonts-wqy-microhei` (文泉驿微米黑), or the file named by
 * `CJK_FONT_FILE`. Every family of the chart's font stack that is absent falls back to it.
 */
import { existsSync } from 'node:fs';
import { Resvg, renderAsync, type ResvgRenderOptions } from '@resvg/resvg-js';
import { EXPORT_PIXEL_RATIO, EXPORT_WIDTH } from './theme';

/** Where Debian's fonts-wqy-microhei puts its font. */
export const DEFAULT_CJK_FONT_FILE = '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc';
/** The family name inside that file (the fallback for every family the SVG asks for). */
export const CJK_FONT_FAMILY = 'WenQuanYi Micro Hei';

/** PNG width: the export size at the export pixel ratio (2400 px for 1200×675 at 2×). */
export const PNG_WIDTH = EXPORT_WIDTH * EXPORT_PIXEL_RATIO;

export class MissingFontError extends Error {}

/**
 * The CJK font file to render with: `CJK_FONT_FILE` or Debian's WenQuanYi Micro Hei. Throws one
 * clear line when it is missing (a PNG without Chinese glyphs would be worse than none).
 */
export function cjkFontFile(env: Record<string, string | undefined> = process.env): string {
  const file = env.CJK_FONT_FILE || DEFAULT_CJK_FONT_FILE;
  if (!existsSync(/*turbopackIgnore: true*/ file)) {
    throw new MissingFontError(
      `CJK font file not found: ${file} — install Debian's fonts-wqy-microhei (apt-get install fonts-wqy-microhei) or set CJK_FONT_FILE to a font with Chinese glyphs`,
    );
  }
  return file;
}

export interface PngOptions {
  /** Output width in pixels (height follows the SVG's aspect ratio). Default PNG_WIDTH. */
  width?: number;
  /** Font files to draw text with. Default: [cjkFontFile()]. An empty list draws no text (tests). */
  fontFiles?: string[];
  /** Family used where the SVG names none that is loaded. Default CJK_FONT_FAMILY. */
  defaultFontFamily?: string;
}

export interface Png {
  png: Buffer;
  width: number;
  height: number;
}

function resvgOptions(o: PngOptions): ResvgRenderOptions {
  const family = o.defaultFontFamily ?? CJK_FONT_FAMILY;
  return {
    fitTo: { mode: 'width', value: o.width ?? PNG_WIDTH },
    background: '#ffffff',
    font: {
      loadSystemFonts: false,
      fontFiles: o.fontFiles ?? [cjkFontFile()],
      defaultFontFamily: family,
      sansSerifFamily: family,
      serifFamily: family,
      monospaceFamily: family,
    },
    languages: ['zh-CN', 'en'],
    logLevel: 'off',
  };
}

/** Rasterizes an SVG string on a white background (synchronous; tests and scripts). */
export function svgToPng(svg: string, o: PngOptions = {}): Png {
  const img = new Resvg(svg, resvgOptions(o)).render();
  return { png: img.asPng(), width: img.width, height: img.height };
}

/** The same, off the event loop (resvg's worker thread): for request handlers. */
export async function svgToPngAsync(svg: string, o: PngOptions = {}): Promise<Png> {
  const img = await renderAsync(svg, resvgOptions(o));
  return { png: img.asPng(), width: img.width, height: img.height };
}
