/**
 * Where a keystore password comes from: a file (its first line), an environment variable, or
 * the terminal (hidden; asked twice for a new keystore). Never echoed, printed or logged.
 */
import { readFile } from "node:fs/promises";
import { KeyLoadError } from "../keys.ts";
import type { Terminal } from "./terminal.ts";

export const MIN_NEW_PASSWORD_LENGTH = 8;

export interface PasswordSource {
  /** What the password opens, for the prompt and errors ("relay keystore"). */
  label: string;
  file: string | undefined;
  flag: string;
  envName: string;
  env: NodeJS.ProcessEnv;
  terminal: Terminal | undefined;
}

export async function keystorePassword(
  source: PasswordSource,
  { confirm }: { confirm: boolean },
): Promise<string> {
  const { label, file, flag, envName, env, terminal } = source;
  let password: string;
  if (file !== undefined) {
    try {
      password = (await readFile(file, "utf8")).split(/\r?\n/)[0] ?? "";
    } catch (cause) {
      throw new KeyLoadError(`cannot read ${flag} ${file}`, { cause });
    }
  } else if (env[envName] !== undefined && env[envName] !== "") {
    password = env[envName];
  } else if (terminal) {
    password = await terminal.askHidden(`${label} password: `);
    if (confirm && (await terminal.askHidden(`repeat the ${label} password: `)) !== password)
      throw new KeyLoadError("the passwords differ");
  } else {
    throw new KeyLoadError(
      `no ${label} password: pass ${flag} FILE, set ${envName}, or run on a terminal`,
    );
  }
  if (password.length === 0) throw new KeyLoadError(`the ${label} password is empty`);
  if (confirm && password.length < MIN_NEW_PASSWORD_LENGTH)
    throw new KeyLoadError(
      `the ${label} password must have at least ${MIN_NEW_PASSWORD_LENGTH} characters`,
    );
  return password;
}
