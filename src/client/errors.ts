// Turns SDK and engine failures into the message a user should see: the service's own words.
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    if (isUnreachable(error)) return `Cannot reach the service (${error.message})`;
    const name = error.name && error.name !== 'Error' ? error.name : '';
    const message = error.message || name || 'Unknown error';
    return name && !message.includes(name) ? `${name}: ${message}` : message;
  }
  return String(error);
}

/** Nothing listens at the endpoint: the service is down, or (the local engine) stopping or being restarted. */
export function isUnreachable(error: unknown): boolean {
  return error instanceof Error && (error as { code?: string }).code === 'ECONNREFUSED';
}
