/**
 * The web host's WebSocket protocol constants, apart from its message schemas (wire.ts) so the
 * host can route an upgrade without loading the schemas' library first.
 */
export const WS_SUBPROTOCOL = 'accredita.v1';
export const WS_SECRET_PREFIX = 'accredita.secret.';
export const WS_PATH = '/ws';
export const WS_MAX_MESSAGE_BYTES = 1024 * 1024;
