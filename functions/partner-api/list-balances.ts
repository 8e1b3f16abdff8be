// Placeholder entry so the CDK app can bundle while the handler is being written.
export const handler = async (): Promise<never> => {
  throw new Error('not implemented yet');
};
