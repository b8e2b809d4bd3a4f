/**
 * One look for every chart, on screen, in exported PNG/SVG and in the server-rendered image.
 *
 * Colours: the Okabe–Ito palette (safe for the common colour-vision deficiencies), without its
 * yellow, which is unreadable on white. Fonts: one explicit CJK stack; in SVG attributes the
 * family names are single-quoted (ECharts does not escape attribute values).
 */

export const FONT_STACK = "'PingFang SC','Microsoft YaHei','Noto Sans CJK SC','WenQuanYi Micro Hei',sans-serif";

/** Okabe–Ito, reordered so neighbouring series differ in lightness too. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#56B4E9', '#CC79A7', '#000000', '#999999'];

/** Applicant types: 自然人 / 法人或其他组织. */
export const APPLICANT_COLORS = ['#0072B2', '#E69F00'];

/**
 * Outcome groups in template order: 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理.
 * Granting in blues and green, refusals in warm colours, the rest neutral.
 */
export const OUTCOME_COLORS = ['#0072B2', '#56B4E9', '#D55E00', '#E69F00', '#CC79A7', '#999999'];

/** Review / litigation results: 结果维持, 结果纠正, 其他结果, 尚未审结; and the correction-rate line. */
export const RESULT_COLORS = ['#0072B2', '#D55E00', '#999999', '#E69F00'];
export const RATE_COLOR = '#000000';

export const TEXT_COLOR = '#1f2937';
export const MUTED_COLOR = '#6b7280';
export const GRID_COLOR = '#e5e7eb';

/** The source line baked into every exported image. */
export const SOURCE_LINE = '数据来源：各单位政府信息公开工作年度报告';

/** Fixed size of exported images (CSS pixels; PNG is rendered at pixel ratio 2). */
export const EXPORT_WIDTH = 1200;
export const EXPORT_HEIGHT = 675;
export const EXPORT_PIXEL_RATIO = 2;
