# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Reads back what a registry holds for a model, as JSON, with the MLflow Python client.

    readback.py TRACKING_URI MODEL

Prints {"aliases": {alias: version}, "versions": {version: {"tags", "description", "run_id",
"artifacts": [paths under the run, recursive]}}}.
"""
import json
import sys

from mlflow import MlflowClient


def artifacts(client, run_id, path=None):
    found = []
    for item in client.list_artifacts(run_id, path):
        if item.is_dir:
            found += artifacts(client, run_id, item.path)
        else:
            found.append(item.path)
    return found


def main():
    uri, model = sys.argv[1], sys.argv[2]
    client = MlflowClient(uri)
    registered = client.get_registered_model(model)
    versions = {}
    for version in client.search_model_versions(f"name='{model}'"):
        versions[version.version] = {
            "tags": dict(version.tags),
            "description": version.description or "",
            "run_id": version.run_id,
            "artifacts": sorted(artifacts(client, version.run_id)),
        }
    print(json.dumps({"aliases": dict(registered.aliases), "versions": versions}, sort_keys=True))


if __name__ == "__main__":
    main()
