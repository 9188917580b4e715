// The SDK warns on Node 20 that releases after January 2027 need Node 22; the README says so once.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
