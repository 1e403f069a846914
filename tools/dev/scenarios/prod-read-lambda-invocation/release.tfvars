# A new build of the application, as CI records it.
artifact_key    = "platform-api/8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c.zip"
artifact_sha256 = "8c2e4a6b0d1f3e5a7c9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c3e5b7d9f2a4c"
