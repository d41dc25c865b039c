import { parseTemplate } from '../../src/template/cfn-yaml';
import { readApplication } from '../../src/template/application';

/** Event sources other than API Gateway routes are named at start, never silently dropped. */
const template = `
Transform: AWS::Serverless-2016-10-31
Resources:
  Devices:
    Type: AWS::DynamoDB::Table
    Properties:
      AttributeDefinitions: [{AttributeName: id, AttributeType: S}]
      KeySchema: [{AttributeName: id, KeyType: HASH}]
      StreamSpecification: {StreamViewType: NEW_IMAGE}
  Watcher:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs20.x
      Handler: index.handler
      InlineCode: exports.handler = async () => {};
      Events:
        Changes:
          Type: DynamoDB
          Properties: {Stream: !GetAtt Devices.StreamArn, StartingPosition: LATEST}
        Nightly:
          Type: Schedule
          Properties: {Schedule: rate(1 day)}
        Status:
          Type: Api
          Properties: {Path: /status, Method: get}
  Plain:
    Type: AWS::Lambda::Function
    Properties: {Runtime: nodejs20.x, Handler: index.handler, Code: {ZipFile: x}}
  PlainMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties: {FunctionName: !Ref Plain, EventSourceArn: !GetAtt Devices.StreamArn}
`;

it('names each function whose DynamoDB, Schedule or mapped event sources will not trigger it, and not its routes', () => {
  const app = readApplication(parseTemplate(template));
  expect(app.notices).toEqual([
    expect.stringMatching(
      /^Watcher: its event sources Changes \(DynamoDB\), Nightly \(Schedule\) are not emulated: nothing triggers Watcher locally but routes, functions and the Invoke API/,
    ),
    expect.stringMatching(/^PlainMapping \(AWS::Lambda::EventSourceMapping\) is not emulated: nothing triggers Plain/),
  ]);
  expect(app.restEvents.map((event) => event.name)).toEqual(['Status']);
});
