"""Files in an S3-compatible object store (AWS S3, MinIO, Ceph, …), shared by every host.

``s3://bucket/prefix?endpoint=http://127.0.0.1:9000&region=eu-north-1``: the endpoint is left
out for AWS itself. Objects are written with a single PUT (an object appears whole or not at
all) and never made public; the portal reads them and serves them after its access checks.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from .errors import StorageUnavailable
from .keys import check_key

#: Objects one DeleteObjects call takes.
_DELETE_BATCH = 1000


class S3Storage:
    def __init__(self, bucket: str, prefix: str = "", client=None):
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.client = client or boto3.client("s3")

    @classmethod
    def from_url(cls, url: str) -> S3Storage:
        parts = urlsplit(url)
        query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        client = boto3.client(
            "s3",
            endpoint_url=query.get("endpoint") or None,
            region_name=query.get("region") or None,
            config=Config(
                retries={"max_attempts": 3, "mode": "standard"},
                connect_timeout=5,
                read_timeout=30,
                s3={"addressing_style": query.get("addressing", "path")},
            ),
        )
        return cls(parts.netloc, parts.path, client)

    def _name(self, key: str) -> str:
        check_key(key)
        return f"{self.prefix}/{key}" if self.prefix else key

    def write(self, key: str, data: bytes, content_type: str = "") -> None:
        extra = {"ContentType": content_type} if content_type else {}
        name = self._name(key)
        try:
            self.client.put_object(Bucket=self.bucket, Key=name, Body=data, **extra)
        except (BotoCoreError, ClientError) as exc:
            raise StorageUnavailable(f"{self.bucket}: {exc}") from exc

    def read(self, key: str) -> bytes:
        try:
            answer = self.client.get_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404"):
                raise FileNotFoundError(key) from exc
            raise
        return answer["Body"].read()

    def delete(self, keys: Iterable[str]) -> None:
        names = [self._name(key) for key in keys]  # all checked before any is removed
        for start in range(0, len(names), _DELETE_BATCH):
            batch = names[start : start + _DELETE_BATCH]
            self.client.delete_objects(
                Bucket=self.bucket,
                Delete={"Objects": [{"Key": name} for name in batch], "Quiet": True},
            )

    def exists(self, key: str) -> bool:
        try:
            self.client.head_object(Bucket=self.bucket, Key=self._name(key))
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("NoSuchKey", "404", "NotFound"):
                return False
            raise
        return True

    def keys(self) -> Iterator[str]:
        start = f"{self.prefix}/" if self.prefix else ""
        pages = self.client.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=start
        )
        for page in pages:
            for item in page.get("Contents", ()):
                yield item["Key"][len(start) :]

    def check(self) -> None:
        """The bucket answers (HEAD); a missing bucket or bad credentials raise."""
        self.client.head_bucket(Bucket=self.bucket)
