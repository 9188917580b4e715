// Regions that serve Rekognition's image API, from
// https://docs.aws.amazon.com/general/latest/gr/rekognition.html
export const REKOGNITION_REGIONS = [
  'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2', 'ca-central-1',
  'eu-west-1', 'eu-west-2', 'eu-central-1', 'il-central-1',
  'ap-south-1', 'ap-southeast-1', 'ap-southeast-2', 'ap-northeast-1', 'ap-northeast-2',
  'us-gov-west-1',
];

export function offersRekognition(region: string): boolean {
  return REKOGNITION_REGIONS.includes(region);
}
