import { PRIVATE_BUCKET, uploadCorsRules, uploadLifecycleRules, uploadNotification } from '../../../../scripts/lib/builders/bucket-config';

describe('upload bucket configuration', () => {
  test('all four Block Public Access settings are on', () => {
    expect(Object.values(PRIVATE_BUCKET)).toEqual([true, true, true, true]);
  });

  test('CORS lets only the site origin POST, with no request header beyond a form post\'s', () => {
    expect(uploadCorsRules('https://d1.cloudfront.net')).toEqual([{ ID: 'site-uploads', AllowedOrigins: ['https://d1.cloudfront.net'], AllowedMethods: ['POST'], MaxAgeSeconds: 3000 }]);
  });

  test('uploads expire after the data expiry', () => {
    const [rule] = uploadLifecycleRules(30);
    expect(rule).toMatchObject({ Status: 'Enabled', Filter: { Prefix: 'uploads/' }, Expiration: { Days: 30 } });
  });

  test('the notification sends every created object under uploads/ to the function', () => {
    const configuration = uploadNotification('arn:aws:lambda:eu-west-1:111122223333:function:demo-process-image-upload');
    expect(configuration.LambdaFunctionConfigurations).toEqual([
      expect.objectContaining({
        Events: ['s3:ObjectCreated:*'],
        Filter: { Key: { FilterRules: [{ Name: 'prefix', Value: 'uploads/' }] } },
      }),
    ]);
  });
});
