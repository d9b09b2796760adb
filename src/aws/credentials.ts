// The AWS credentials every signed call takes: in a module of their own, below everything that signs or resolves them.

export interface Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}
