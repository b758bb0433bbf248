import type { ReactNode } from "react";
import { describeError } from "../lib/describeError.ts";
import { CoordinatorError } from "@streamrp2p/client";

export interface QueryLike<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly isPending: boolean;
  readonly fetchStatus?: string;
}

export interface QueryViewProps<T> {
  readonly query: QueryLike<T>;
  /** What is being loaded, for the messages ("streams", "your stake"). */
  readonly what: string;
  readonly children: (data: T) => ReactNode;
  /** Shown instead of the loading state when the query is disabled (e.g. no wallet). */
  readonly idle?: ReactNode;
}

/** Loading, error (with a reason) or the data: every query on every page renders through this. */
export function QueryView<T>({ query, what, children, idle }: QueryViewProps<T>) {
  if (query.data !== undefined) return <>{children(query.data)}</>;
  if (query.error) {
    const error = query.error;
    const message =
      error instanceof CoordinatorError && error.isNotFound
        ? `This coordinator does not publish ${what} yet.`
        : `Could not load ${what}: ${describeError(error)}`;
    return (
      <div className="state error" role="alert" data-testid="query-error">
        {message}
      </div>
    );
  }
  if (query.isPending && query.fetchStatus === "idle" && idle !== undefined) return <>{idle}</>;
  return (
    <div className="state" aria-busy="true">
      Loading {what}…
    </div>
  );
}
