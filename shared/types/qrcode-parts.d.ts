/**
 * The two parts of `qrcode` the 2FA set-up uses (the QR matrix and its SVG renderer), imported by path
 * so the Lambda bundle leaves out the PNG renderer (pngjs) and the canvas/terminal ones.
 */
declare module 'qrcode/lib/core/qrcode' {
  import type { QRCode, QRCodeOptions } from 'qrcode';
  export function create(text: string, options?: QRCodeOptions): QRCode;
}

declare module 'qrcode/lib/renderer/svg-tag' {
  import type { QRCode, QRCodeRenderersOptions } from 'qrcode';
  export function render(qrData: QRCode, options?: QRCodeRenderersOptions): string;
}
