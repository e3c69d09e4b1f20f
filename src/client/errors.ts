// Turns SDK and engine failures into the message a user should see: the service's own words.
export function errorMessage(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: string }).code;
    if (code === 'ECONNREFUSED') return `Cannot reach the service (${error.message})`;
    const name = error.name && error.name !== 'Error' ? error.name : '';
    const message = error.message || name || 'Unknown error';
    return name && !message.includes(name) ? `${name}: ${message}` : message;
  }
  return String(error);
}
