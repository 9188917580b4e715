/**
 * us-east-1 list prices (USD), as the AWS pricing pages give them, for the worst-case estimate.
 * Free tiers are left out: the estimate is for an account that has used them up.
 */
export const PRICES = {
  // https://aws.amazon.com/api-gateway/pricing/ (REST APIs, first 333 million a month)
  apiGatewayRestPerMillion: 3.5,
  // https://aws.amazon.com/lambda/pricing/ (Arm)
  lambdaPerMillionRequests: 0.2,
  lambdaArmPerGbSecond: 0.0000133334,
  // https://aws.amazon.com/dynamodb/pricing/on-demand/
  dynamodbPerMillionWrites: 0.625,
  // https://aws.amazon.com/rekognition/pricing/ (Group 1 APIs, first million images a month)
  rekognitionPerImage: 0.001,
  // https://aws.amazon.com/s3/pricing/ (Standard)
  s3PerThousandPosts: 0.005,
  s3PerGbMonth: 0.023,
  // https://aws.amazon.com/cloudwatch/pricing/
  logsPerGbIngested: 0.5,
  alarmPerMonth: 0.1,
  customMetricPerMonth: 0.3,
  // https://aws.amazon.com/sns/pricing/ (e-mail)
  snsPerHundredThousandEmails: 2,
  // https://aws.amazon.com/cloudfront/pricing/ (North America)
  cloudFrontPerTenThousandHttpsRequests: 0.01,
  cloudFrontPerGbOut: 0.085,
} as const;

export type Prices = typeof PRICES;
