import qrcode from "qrcode-generator";

export const QUIET_ZONE = 4;

const escapeXml = (value: string) =>
  value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The QR code's modules (true = dark), error correction level M. */
export function qrModules(text: string): boolean[][] {
  const qr = qrcode(0, "M");
  // The library's byte mode keeps only the low byte of each UTF-16 unit: hand it UTF-8 bytes instead.
  qr.addData(String.fromCharCode(...new TextEncoder().encode(text)), "Byte");
  qr.make();
  const count = qr.getModuleCount();
  return Array.from({ length: count }, (_, row) => Array.from({ length: count }, (_, col) => qr.isDark(row, col)));
}

/** A QR code as an SVG string: one path of dark modules, one unit per module, a 4-module quiet zone. */
export function qrSvg(text: string, { title }: { title: string }): string {
  const modules = qrModules(text);
  const size = modules.length + 2 * QUIET_ZONE;
  let d = "";
  modules.forEach((row, y) => {
    for (let x = 0; x < row.length; x++) {
      if (!row[x]) continue;
      let run = 1;
      while (row[x + run]) run++;
      d += `M${x + QUIET_ZONE} ${y + QUIET_ZONE}h${run}v1h-${run}z`;
      x += run - 1;
    }
  });
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" class="qr">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect width="${size}" height="${size}" fill="#fff"/>` +
    `<path d="${d}" fill="#000" shape-rendering="crispEdges"/>` +
    `</svg>`
  );
}
