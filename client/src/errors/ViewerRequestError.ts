/** A relay or coordinator request of the viewer that failed, timed out or answered non-2xx. */
export class ViewerRequestError extends Error {
  override readonly name = "ViewerRequestError";
  readonly url: string;
  readonly status: number | undefined;
  constructor(url: string, message: string, status?: number, options?: ErrorOptions) {
    super(`${url}: ${message}`, options);
    this.url = url;
    this.status = status;
  }
}
