// The only door to Rust: every call goes through `invoke` and every error comes back as
// { message, fields } in Swedish (see src-tauri/src/error.rs).

const tauri = window.__TAURI__;

export class ApiError extends Error {
  constructor(payload) {
    const message = typeof payload === 'string' ? payload : (payload && payload.message) || String(payload);
    super(message);
    this.fields = (payload && payload.fields) || [];
  }
}

export async function call(command, args = {}) {
  // Each call is a performance measure named `ipc:<command>`: `cargo xtask bench` reads
  // them to tell where the app's cold start goes (tests/e2e/tests/cold_start.rs).
  const start = performance.now();
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    throw new ApiError(error);
  } finally {
    performance.measure(`ipc:${command}`, { start });
  }
}

export async function openFileDialog(options) {
  return tauri.dialog.open(options);
}

export async function saveFileDialog(options) {
  return tauri.dialog.save(options);
}

/** A channel Rust can send messages on while a command runs (e.g. a report's phases). */
export function channel(onMessage) {
  const ch = new tauri.core.Channel();
  ch.onmessage = onMessage;
  return ch;
}
