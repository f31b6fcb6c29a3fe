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
  try {
    return await tauri.core.invoke(command, args);
  } catch (error) {
    throw new ApiError(error);
  }
}

export async function openFileDialog(options) {
  return tauri.dialog.open(options);
}

export async function saveFileDialog(options) {
  return tauri.dialog.save(options);
}
