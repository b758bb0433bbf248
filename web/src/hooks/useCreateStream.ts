import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useCallback, useState } from "react";
import { useConfig } from "wagmi";
import type { Address } from "viem";
import type { CreateStreamStep } from "../actions/createOwnedStream.ts";
import { describeError } from "../lib/describeError.ts";
import { browserStorage, saveStreamSalt } from "../lib/streamSalts.ts";
import { createOwnedStreamMutationOptions } from "../queries/createOwnedStreamMutationOptions.ts";
import { useApp } from "./useApp.ts";
import { useRegisterStreamTx } from "./useRegisterStreamTx.ts";

/**
 * The streamer's "create a stream" flow: the wallet signs CreateStream, the coordinator creates
 * the stream, then the wallet registers it on-chain with the same salt (kept in this browser, so
 * a failed registration can be retried here or from the stream's row).
 */
export function useCreateStream() {
  const { app, coordinator, deployment } = useApp();
  const config = useConfig();
  const queryClient = useQueryClient();
  const register = useRegisterStreamTx();
  const [step, setStep] = useState<CreateStreamStep>();
  const create = useMutation({
    ...createOwnedStreamMutationOptions(config, coordinator),
    onSuccess: (stream) => {
      saveStreamSalt(browserStorage(), {
        chainId: app.chainId,
        streamId: stream.streamId,
        salt: stream.salt,
      });
      return queryClient.invalidateQueries({
        queryKey: ["coordinator", coordinator.baseUrl, "streams"],
      });
    },
  });
  const stream = create.data;
  const registerCreated = useCallback(() => {
    if (stream && deployment) {
      register.run({ deployment, salt: stream.salt, originSigner: stream.originAddress });
    }
  }, [stream, deployment, register]);
  const start = useCallback(
    ({ name, originAddress }: { name: string; originAddress: Address }) => {
      register.reset();
      setStep(undefined);
      create.mutate(
        { chainId: app.chainId, name, originAddress, now: Date.now(), onStep: setStep },
        {
          onSuccess: (created) => {
            if (deployment) {
              register.run({ deployment, salt: created.salt, originSigner: created.originAddress });
            }
          },
        },
      );
    },
    [app.chainId, create, deployment, register],
  );
  const { reset: resetCreate } = create;
  const { reset: resetRegister } = register;
  const reset = useCallback(() => {
    setStep(undefined);
    resetCreate();
    resetRegister();
  }, [resetCreate, resetRegister]);
  return {
    start,
    /** Registers the created stream again (after a failed or refused transaction). */
    retryRegister: registerCreated,
    reset,
    stream,
    /** The sign-and-create step running, or the one that failed. */
    step,
    isPending: create.isPending,
    error: create.error ? describeError(create.error) : undefined,
    register,
  };
}
