import { useState, type FormEvent } from "react";
import { isAddress } from "viem";
import { keygenCommand, originCommand } from "../lib/commands.ts";
import { useApp } from "../hooks/useApp.ts";
import { useCreateStream } from "../hooks/useCreateStream.ts";
import { CopyField } from "./CopyField.tsx";
import { FormField } from "./FormField.tsx";
import { TxStatus } from "./TxStatus.tsx";

type StepState = "todo" | "active" | "done" | "failed";

function Step({ state, testId, children }: { state: StepState; testId: string; children: string }) {
  return (
    <li className={state === "done" ? "done" : undefined} data-testid={testId} data-state={state}>
      <span>
        {children}
        {state === "active" ? <span className="muted"> …</span> : null}
      </span>
    </li>
  );
}

/**
 * Creates a stream in one flow with its progress: the wallet signs CreateStream, the coordinator
 * creates the stream (its key for OBS), then the wallet registers it on-chain with the same salt.
 */
export function CreateStreamForm() {
  const { app, deployment } = useApp();
  const flow = useCreateStream();
  const [name, setName] = useState("");
  const [origin, setOrigin] = useState("");
  const originAddress = origin.trim();
  const originError =
    originAddress !== "" && !isAddress(originAddress)
      ? "Not an address: 0x followed by 40 hex digits"
      : undefined;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (isAddress(originAddress)) flow.start({ name, originAddress });
  };
  const stream = flow.stream;
  const { register } = flow;
  const progress = (
    <ol className="steps" data-testid="create-stream-progress" aria-label="Progress">
      <Step
        testId="step-sign"
        state={
          stream || flow.step === "coordinator"
            ? "done"
            : flow.step === "sign"
              ? flow.error
                ? "failed"
                : "active"
              : "todo"
        }
      >
        Sign the stream in your wallet (no transaction, no fee)
      </Step>
      <Step
        testId="step-coordinator"
        state={
          stream
            ? "done"
            : flow.step === "coordinator"
              ? flow.error
                ? "failed"
                : "active"
              : "todo"
        }
      >
        The coordinator creates it and gives you a stream key
      </Step>
      <Step
        testId="step-register"
        state={
          register.status === "success"
            ? "done"
            : register.status === "pending"
              ? "active"
              : register.status === "error"
                ? "failed"
                : "todo"
        }
      >
        Register it on-chain (one transaction), so tampering relays can be slashed
      </Step>
    </ol>
  );
  if (stream) {
    return (
      <div className="form" data-testid="stream-created">
        {progress}
        <TxStatus
          status={register.status}
          progress={register.progress}
          error={register.error}
          successText="Registered on-chain: tampering by relays is now slashable"
        />
        {register.status === "error" ? (
          <div className="row">
            <button
              type="button"
              className="button"
              onClick={flow.retryRegister}
              data-testid="retry-register-button"
            >
              Retry the registration
            </button>
            <span className="muted">Same stream, same salt: nothing is created twice.</span>
          </div>
        ) : null}
        <p>
          <strong>{stream.name}</strong> is ready. In OBS: Settings → Stream → Service
          &quot;Custom&quot;, then paste:
        </p>
        <div className="field">
          <span className="label">Server</span>
          <CopyField value={app.rtmpUrl} label="RTMP server URL" testId="rtmp-url" />
        </div>
        <div className="field">
          <span className="label">Stream key (keep it secret)</span>
          <CopyField value={stream.streamKey} label="stream key" testId="stream-key" />
        </div>
        {deployment ? (
          <div className="field">
            <span className="label">
              Run the origin with the origin key of {stream.originAddress}
            </span>
            <CopyField
              value={originCommand({
                coordinatorUrl: app.coordinatorUrl,
                chainId: app.chainId,
                stakingAddress: deployment.contracts.RelayStaking.address,
                keystore: "./origin-key.json",
                dataDir: "./origin-data",
              })}
              label="origin command"
            />
          </div>
        ) : null}
        <div className="row">
          <a className="button secondary" href={`#/watch/${stream.streamId}`}>
            Open the watch page
          </a>
          <button
            type="button"
            className="button secondary"
            disabled={register.status === "pending"}
            onClick={flow.reset}
          >
            Create another
          </button>
        </div>
      </div>
    );
  }
  return (
    <form className="form" onSubmit={submit} aria-label="Create a stream">
      <FormField id="stream-name" label="Stream name">
        <input
          id="stream-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={80}
          required
          data-testid="stream-name-input"
        />
      </FormField>
      <FormField
        id="origin-address"
        label="Origin signing address"
        error={originError}
        hint={
          <>
            The address of the key your origin node signs segments with, made on the origin machine
            (it prints the address): <code>{keygenCommand("./origin-key.json")}</code>. Your wallet
            key stays in your wallet.
          </>
        }
      >
        <input
          id="origin-address"
          value={origin}
          onChange={(e) => setOrigin(e.target.value)}
          placeholder="0x…"
          required
          data-testid="origin-address-input"
        />
      </FormField>
      {flow.isPending || flow.error ? progress : null}
      <div className="row">
        <button
          type="submit"
          className="button"
          disabled={flow.isPending || originError !== undefined}
          data-testid="create-stream-button"
        >
          {flow.isPending && flow.step === "sign"
            ? "Sign in your wallet…"
            : flow.isPending
              ? "Creating…"
              : "Create stream"}
        </button>
      </div>
      {flow.error ? (
        <div
          className="tx-status"
          data-state="error"
          role="alert"
          data-testid="create-stream-error"
        >
          {flow.error}
        </div>
      ) : null}
    </form>
  );
}
