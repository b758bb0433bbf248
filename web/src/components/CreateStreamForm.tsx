import { useState, type FormEvent } from "react";
import type { Address } from "viem";
import { describeError } from "../lib/describeError.ts";
import { originCommand } from "../lib/commands.ts";
import { useApp } from "../hooks/useApp.ts";
import { useCreateStream } from "../hooks/useCreateStream.ts";
import { CopyField } from "./CopyField.tsx";
import { FormField } from "./FormField.tsx";

/** Registers a stream with the coordinator and shows what to paste into OBS. */
export function CreateStreamForm({ owner }: { owner: Address }) {
  const { app, deployment } = useApp();
  const create = useCreateStream();
  const [name, setName] = useState("");
  const [origin, setOrigin] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate({ name, originAddress: origin.trim(), ownerAddress: owner });
  };
  if (create.data) {
    const stream = create.data;
    return (
      <div className="form" data-testid="stream-created">
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
            <span className="label">Run the origin with the key of {stream.originAddress}</span>
            <CopyField
              value={originCommand({
                coordinatorUrl: app.coordinatorUrl,
                chainId: app.chainId,
                stakingAddress: deployment.contracts.RelayStaking.address,
                keystore: "./origin-keystore.json",
              })}
              label="origin command"
            />
          </div>
        ) : null}
        <div className="row">
          <a className="button secondary" href={`#/watch/${stream.streamId}`}>
            Open the watch page
          </a>
          <button type="button" className="button secondary" onClick={() => create.reset()}>
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
        hint="The address of the key your origin node signs segments with (not your wallet key)."
      >
        <div className="row">
          <input
            id="origin-address"
            value={origin}
            onChange={(e) => setOrigin(e.target.value)}
            placeholder="0x…"
            required
            style={{ flex: 1 }}
            data-testid="origin-address-input"
          />
          <button type="button" className="button secondary" onClick={() => setOrigin(owner)}>
            Use my wallet address
          </button>
        </div>
      </FormField>
      <div className="row">
        <button
          type="submit"
          className="button"
          disabled={create.isPending}
          data-testid="create-stream-button"
        >
          {create.isPending ? "Creating…" : "Create stream"}
        </button>
      </div>
      {create.error ? (
        <div className="tx-status" data-state="error" role="alert">
          {describeError(create.error)}
        </div>
      ) : null}
    </form>
  );
}
