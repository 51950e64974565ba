/**
 * Where the status page and its parts are kept: an S3 bucket in the cloud (`s3StatusStore`), a
 * map in tests and locally. Keys are plain paths; bodies are UTF-8 text.
 */
export interface StatusStore {
  put(key: string, body: string, contentType: string): Promise<void>;
  /** Every key under the prefix. */
  list(prefix: string): Promise<string[]>;
  /** The body, or null when there is no such key. */
  get(key: string): Promise<string | null>;
}

/** The slice of the AWS SDK's S3Client this uses: `send`, so tests pass a fake. */
export interface S3Like {
  // biome-ignore lint/suspicious/noExplicitAny: the SDK's commands are typed per command
  send(command: any): Promise<any>;
}

type S3Sdk = typeof import("@aws-sdk/client-s3");
let sdk: Promise<S3Sdk> | undefined;
/** The S3 SDK, imported on first use (as the EventBridge one is: it weighs on cold start). */
const loadS3Sdk = (): Promise<S3Sdk> => (sdk ??= import("@aws-sdk/client-s3"));

/**
 * A StatusStore on an S3 bucket: PutObject (private; the bucket blocks public access and is
 * read through pre-signed links), ListObjectsV2 (every page), GetObject. `client` defaults to
 * an S3Client built on first use.
 */
export function s3StatusStore(bucket: string, client?: S3Like): StatusStore {
  let s3: Promise<S3Like> | undefined;
  const c = () =>
    (s3 ??= client
      ? Promise.resolve(client)
      : loadS3Sdk().then(({ S3Client }) => new S3Client({})));
  return {
    async put(key, body, contentType) {
      const { PutObjectCommand } = await loadS3Sdk();
      await (await c()).send(
        new PutObjectCommand({
          Bucket: bucket,
          Key: key,
          Body: body,
          ContentType: contentType,
          CacheControl: "no-store",
        }),
      );
    },
    async list(prefix) {
      const { ListObjectsV2Command } = await loadS3Sdk();
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await (await c()).send(
          new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }),
        );
        for (const o of page.Contents ?? []) if (o.Key) keys.push(o.Key);
        token = page.IsTruncated ? page.NextContinuationToken : undefined;
      } while (token);
      return keys;
    },
    async get(key) {
      const { GetObjectCommand } = await loadS3Sdk();
      try {
        const res = await (await c()).send(new GetObjectCommand({ Bucket: bucket, Key: key }));
        return (await res.Body?.transformToString("utf-8")) ?? null;
      } catch (error) {
        if ((error as { name?: string }).name === "NoSuchKey") return null;
        throw error;
      }
    },
  };
}

/** A StatusStore in memory: tests, and the local stack's page server. */
export function memoryStatusStore(
  objects = new Map<string, { body: string; contentType: string }>(),
) {
  const store: StatusStore & { objects: typeof objects } = {
    objects,
    async put(key, body, contentType) {
      objects.set(key, { body, contentType });
    },
    async list(prefix) {
      return [...objects.keys()].filter((k) => k.startsWith(prefix)).sort();
    },
    async get(key) {
      return objects.get(key)?.body ?? null;
    },
  };
  return store;
}
