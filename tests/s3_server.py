"""A real S3-speaking server on loopback (moto in server mode) and a bucket of a test's own."""

from __future__ import annotations

import uuid
from contextlib import contextmanager

import boto3

REGION = "eu-north-1"
#: moto takes any credentials; boto3 needs some to sign requests.
CREDENTIALS = {"AWS_ACCESS_KEY_ID": "heka-test", "AWS_SECRET_ACCESS_KEY": "heka-test-secret"}


@contextmanager
def running_s3_server():
    """Yields the endpoint URL of a moto S3 server on a free loopback port."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


def make_bucket(endpoint: str) -> str:
    """A new private bucket on ``endpoint``; its name."""
    name = f"heka-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name=REGION,
        aws_access_key_id=CREDENTIALS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=CREDENTIALS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def storage_url(endpoint: str, bucket: str, prefix: str = "uploads") -> str:
    return f"s3://{bucket}/{prefix}?endpoint={endpoint}&region={REGION}"
