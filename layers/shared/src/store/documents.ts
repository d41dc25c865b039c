import type {
  BatchWriteCommandInput,
  BatchWriteCommandOutput,
  DeleteCommandInput,
  DeleteCommandOutput,
  GetCommandInput,
  GetCommandOutput,
  PutCommandInput,
  PutCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  ScanCommandInput,
  ScanCommandOutput,
  UpdateCommandInput,
  UpdateCommandOutput,
} from '@aws-sdk/lib-dynamodb';

type Answer<T> = Promise<Omit<T, '$metadata'>>;

/**
 * The DynamoDB operations the store uses, with plain JavaScript values (the document client's
 * shapes). The functions use a lean client behind it (`createDocuments`), tests may put the SDK's
 * document client behind it and mock that.
 */
export interface Documents {
  get(input: GetCommandInput): Answer<GetCommandOutput>;
  put(input: PutCommandInput): Answer<PutCommandOutput>;
  update(input: UpdateCommandInput): Answer<UpdateCommandOutput>;
  delete(input: DeleteCommandInput): Answer<DeleteCommandOutput>;
  query(input: QueryCommandInput): Answer<QueryCommandOutput>;
  scan(input: ScanCommandInput): Answer<ScanCommandOutput>;
  batchWrite(input: BatchWriteCommandInput): Answer<BatchWriteCommandOutput>;
}
