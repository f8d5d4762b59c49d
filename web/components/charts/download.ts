/**
 * Downloads made in the browser: a table as CSV (RFC 4180 quoting) and a chart as PNG (its SVG
 * drawn on a canvas, with the title and legend the SVG lacks). No library: the browser has all it needs.
 */

export type Cell = string | number | boolean | null | undefined;

/** One CSV field: quoted when it holds a comma, quote or line break; quotes doubled. */
export function csvField(value: Cell): string {
  if (value === null || value === undefined) return "";
  const text = String(value);
  // A leading =, +, - or @ would be read as a formula by spreadsheets (CSV injection).
  const safe = /^[=+\-@\t\r]/.test(text) && !/^-?\d/.test(text) ? `'${text}` : text;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function toCsv(header: string[], rows: Cell[][]): string {
  return `${[header, ...rows].map((row) => row.map(csvField).join(",")).join("\r\n")}\r\n`;
}

export function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadCsv(filename: string, header: string[], rows: Cell[][]) {
  // The byte-order mark makes spreadsheet programs read the file as UTF-8 (Bengali, Burmese names).
  saveBlob(new Blob(["\uFEFF", toCsv(header, rows)], { type: "text/csv;charset=utf-8" }), filename);
}

export interface LegendItem {
  label: string;
  /** A CSS colour, or a Mantine colour such as `blue.6`. */
  color: string;
}

/** A Mantine colour (`blue.6`) as the CSS colour the page uses; other colours as given. */
export function cssColor(color: string): string {
  const match = /^([a-z]+)\.(\d)$/.exec(color);
  if (!match) return color;
  const value = getComputedStyle(document.documentElement)
    .getPropertyValue(`--mantine-color-${match[1]}-${match[2]}`)
    .trim();
  return value || color;
}

const STYLED = ["fill", "stroke", "stroke-width", "stroke-dasharray", "opacity", "fill-opacity", "font-size"];

/**
 * The chart's SVG with computed styles written inline: the chart colours are CSS variables that
 * mean nothing once the SVG leaves the page.
 */
function standaloneSvg(svg: SVGSVGElement): string {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll("*")];
  const copies = [copy, ...copy.querySelectorAll("*")];
  originals.forEach((element, index) => {
    const target = copies[index] as SVGElement | undefined;
    if (!target) return;
    const computed = getComputedStyle(element);
    const style = STYLED.map((name) => `${name}:${computed.getPropertyValue(name)}`).join(";");
    target.setAttribute("style", `${style};font-family:${computed.fontFamily}`);
  });
  const { width, height } = svg.getBoundingClientRect();
  copy.setAttribute("xmlns", "http://www.w3.org/2000/svg");
  copy.setAttribute("width", String(width));
  copy.setAttribute("height", String(height));
  return new XMLSerializer().serializeToString(copy);
}

/** Draws the chart found in `container` on a white canvas with its title and legend, and saves it. */
export async function downloadChartPng(
  container: HTMLElement,
  { title, legend = [], filename }: { title: string; legend?: LegendItem[]; filename: string },
) {
  const svg =
    container.querySelector<SVGSVGElement>("svg.recharts-surface") ?? container.querySelector("svg");
  if (!svg) return;
  const { width, height } = svg.getBoundingClientRect();
  const image = new Image();
  const source = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(standaloneSvg(svg))}`;
  await new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error("The chart could not be drawn."));
    image.src = source;
  });
  const scale = 2;
  const pad = 16;
  const titleHeight = 32;
  const lineHeight = 20;
  const canvas = document.createElement("canvas");
  const context = canvas.getContext("2d");
  if (!context) return;
  const font = getComputedStyle(container).fontFamily || "sans-serif";
  // Lay the legend out in rows no wider than the chart before sizing the canvas.
  context.font = `12px ${font}`;
  const placed: { item: LegendItem; x: number; row: number }[] = [];
  let x = 0;
  let row = 0;
  for (const item of legend) {
    const itemWidth = 16 + context.measureText(item.label).width + 18;
    if (x > 0 && x + itemWidth > width) {
      x = 0;
      row += 1;
    }
    placed.push({ item, x, row });
    x += itemWidth;
  }
  const legendHeight = legend.length ? (row + 1) * lineHeight + 8 : 0;
  canvas.width = (width + pad * 2) * scale;
  canvas.height = (height + titleHeight + legendHeight + pad * 2) * scale;
  context.scale(scale, scale);
  context.fillStyle = "#ffffff";
  context.fillRect(0, 0, width + pad * 2, height + titleHeight + legendHeight + pad * 2);
  context.fillStyle = "#212529";
  context.font = `600 16px ${font}`;
  context.fillText(title, pad, pad + 16, width);
  context.drawImage(image, pad, pad + titleHeight, width, height);
  context.font = `12px ${font}`;
  const top = pad + titleHeight + height + 18;
  for (const { item, x: left, row: line } of placed) {
    const y = top + line * lineHeight;
    context.fillStyle = cssColor(item.color);
    context.fillRect(pad + left, y - 10, 12, 12);
    context.fillStyle = "#495057";
    context.fillText(item.label, pad + left + 16, y);
  }
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, "image/png"));
  if (blob) saveBlob(blob, filename);
}
