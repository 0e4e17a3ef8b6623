// REST helpers for setting up state without the UI. Requests from Node carry no Origin header,
// which the server accepts for mutating requests.

export interface Credentials {
  email: string;
  password: string;
  name: string;
}

export const ADMIN: Credentials = {
  email: 'admin@example.com',
  password: 'admin-password-123',
  name: 'Ada Admin',
};

export interface NewUser extends Credentials {
  shouldChangePassword?: boolean;
  isAdmin?: boolean;
  quotaSizeInBytes?: number | null;
}

async function call(
  baseURL: string,
  method: string,
  path: string,
  body: unknown,
  expectedStatus: number,
  token?: string,
): Promise<unknown> {
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const response = await fetch(`${baseURL}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await response.text();
  if (response.status !== expectedStatus) {
    throw new Error(`${method} ${path}: expected ${expectedStatus}, got ${response.status}: ${text}`);
  }
  return text ? JSON.parse(text) : undefined;
}

/** `POST /api/auth/admin-sign-up`: creates the first admin of a fresh install. */
export async function signUpAdmin(baseURL: string, admin: Credentials = ADMIN): Promise<Credentials> {
  await call(baseURL, 'POST', '/api/auth/admin-sign-up', admin, 201);
  return admin;
}

/** `POST /api/auth/login`: returns the access token. */
export async function apiLogin(baseURL: string, email: string, password: string): Promise<string> {
  const body = (await call(baseURL, 'POST', '/api/auth/login', { email, password }, 201)) as {
    accessToken?: unknown;
  };
  if (typeof body?.accessToken !== 'string' || body.accessToken === '') {
    throw new Error(`POST /api/auth/login: no accessToken in ${JSON.stringify(body)}`);
  }
  return body.accessToken;
}

/** `POST /api/admin/users` as an admin. */
export async function createUser(baseURL: string, adminToken: string, user: NewUser): Promise<unknown> {
  return call(baseURL, 'POST', '/api/admin/users', user, 201, adminToken);
}

/** `POST /api/assets`: uploads one file from disk as `token`'s user; returns the asset id. */
export async function uploadFile(baseURL: string, token: string, file: string): Promise<string> {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const stat = fs.statSync(file);
  const form = new FormData();
  const when = stat.mtime.toISOString();
  form.append('deviceAssetId', `${path.basename(file)}-${stat.size}`);
  form.append('deviceId', 'end2end');
  form.append('fileCreatedAt', when);
  form.append('fileModifiedAt', when);
  form.append('assetData', new Blob([fs.readFileSync(file)]), path.basename(file));
  const response = await fetch(`${baseURL}/api/assets`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await response.text();
  if (response.status !== 201) throw new Error(`upload ${file}: ${response.status}: ${text}`);
  return (JSON.parse(text) as { id: string }).id;
}

/** An authenticated POST with a JSON body, for setting up state: returns the parsed body. */
export async function apiPost(baseURL: string, token: string, path: string, body: unknown, status = 201): Promise<unknown> {
  return call(baseURL, 'POST', path, body, status, token);
}

/** Any authenticated request, for checks the UI made: returns the parsed body. */
export async function apiGet(baseURL: string, token: string, path: string): Promise<unknown> {
  return call(baseURL, 'GET', path, undefined, 200, token);
}

/** An authenticated PUT with a JSON body (`PUT /api/assets` answers 204). */
export async function apiPut(baseURL: string, token: string, path: string, body: unknown, status = 204): Promise<unknown> {
  return call(baseURL, 'PUT', path, body, status, token);
}
