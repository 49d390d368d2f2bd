/**
 * Requests Node's HTTP parser refuses before any route sees them (headers over its 16 KB limit,
 * a malformed request line, a request that took too long to arrive) are answered in the
 * API's error shape (docs/http-api.md), `{"error": {code, message}}` as JSON, with the status Node itself would
 * send bare (431, 413, 408, 400). The connection closes after the answer: the parser cannot tell
 * where the next request would start.
 */
import { maxHeaderSize, STATUS_CODES, type Server } from 'node:http';
import type { Socket } from 'node:net';
import { errorBody } from '../api/http-error.js';

function refusal(code: string | undefined): [status: number, code: string, message: string] {
  switch (code) {
    case 'HPE_HEADER_OVERFLOW':
      return [431, 'headers_too_large', `the request's headers are over ${Math.floor(maxHeaderSize / 1024)} KB`];
    case 'HPE_CHUNK_EXTENSIONS_OVERFLOW':
      return [413, 'payload_too_large', "the request's chunk extensions are too large"];
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return [408, 'request_timeout', 'the request took too long to arrive'];
    default:
      return [400, 'bad_request', 'the request is not valid HTTP'];
  }
}

export function answerClientErrors(server: Server): void {
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Socket) => {
    // As Node does: nothing more is written once the current response has begun (on a keep-alive
    // connection earlier responses do not count), or to a client that is gone.
    const current = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (!socket.writable || current?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, code, message] = refusal(error.code);
    const body = JSON.stringify(errorBody(code, message));
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\n` +
        `Content-Type: application/json; charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
    );
  });
}
