import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Starts `node server.js` with its own environment; resolves once it listens or exits. */
export type Started = { child: ChildProcess; ready: boolean; code: number | null; stdout: string; stderr: string };

export function startServer(env: Record<string, string>, cwd = process.cwd()): Promise<Started> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["server.js"], {
      cwd,
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", NODE_ENV: "production", ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const state: Started = { child, ready: false, code: null, stdout: "", stderr: "" };
    const timer = setTimeout(() => resolve(state), 45_000);
    child.stdout!.on("data", (chunk) => {
      state.stdout += chunk;
      if (!state.ready && state.stdout.includes("Café IA ready")) {
        state.ready = true;
        clearTimeout(timer);
        resolve(state);
      }
    });
    child.stderr!.on("data", (chunk) => (state.stderr += chunk));
    child.on("exit", (code) => {
      state.code = code;
      clearTimeout(timer);
      resolve(state);
    });
  });
}

export function stopServer(started: Started, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  return new Promise((resolve) => {
    if (started.child.exitCode !== null || started.child.signalCode !== null) return resolve();
    started.child.once("exit", () => resolve());
    started.child.kill(signal);
  });
}

export function tempDir(prefix: string) {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
