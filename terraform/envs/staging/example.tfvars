# Values of the example platform. CI sets artifact_key and artifact_sha256 from the build.
account_id      = "555555555555"
region          = "us-east-1"
assume_role_arn = "arn:aws:iam::555555555555:role/tfgate-deploy-staging"

artifact_key    = "platform-api/3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60.zip"
artifact_sha256 = "3f1c9a7e5b2d4c6e8f0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60"
drift_role_arn  = "arn:aws:iam::333333333333:role/github-actions-drift"
