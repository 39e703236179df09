# SPDX-License-Identifier: Apache-2.0
# Copyright (c) 2026 The Gremlin Authors
"""Populates an MLflow server the way a training pipeline would, from a JSON spec.

    populate.py TRACKING_URI SPEC.json

SPEC: {"model": NAME, "experiment": NAME?, "versions": [VERSION, ...]} where VERSION is
{"run": {"name": str?, "tags": {k: v}, "metrics": {k: v}, "params": {k: v},
         "datasets": [{"name", "digest", "source", "context", "tags": {k: v}}],
         "artifacts": {"artifact/path.csv": "/local/file"}},
 "tags": {k: v}, "aliases": [str], "description": str?}
Prints {"model": NAME, "versions": [{"version": "1", "run_id": "..."}]} as JSON (a list of
specs gives a list of those).
"""
import json
import os
import shutil
import sys
import tempfile

import mlflow
from mlflow import MlflowClient
from mlflow.data.http_dataset_source import HTTPDatasetSource
from mlflow.data.meta_dataset import MetaDataset
from mlflow.entities import Dataset, DatasetInput, InputTag


def main():
    uri, spec_path = sys.argv[1], sys.argv[2]
    with open(spec_path) as handle:
        spec = json.load(handle)
    mlflow.set_tracking_uri(uri)
    client = MlflowClient(uri)
    # A list of specs populates several models in one process (importing mlflow is slow).
    results = [populate(client, item) for item in (spec if isinstance(spec, list) else [spec])]
    print(json.dumps(results if isinstance(spec, list) else results[0]))


def populate(client, spec):
    model = spec["model"]
    mlflow.set_experiment(spec.get("experiment", "exp-" + model))
    client.create_registered_model(model)
    out = []
    for entry in spec["versions"]:
        run_spec = entry.get("run", {})
        with mlflow.start_run(run_name=run_spec.get("name")) as run:
            for dataset in run_spec.get("datasets", []):
                if not dataset.get("digest"):
                    # What a hand-rolled client can log: a dataset with an empty digest.
                    entity = Dataset(dataset["name"], "", "http", json.dumps({"url": "https://data.example/x"}))
                    tags = [InputTag("mlflow.data.context", dataset.get("context", "training"))]
                    client.log_inputs(run.info.run_id, [DatasetInput(entity, tags)])
                    continue
                ds = MetaDataset(
                    source=HTTPDatasetSource(dataset.get("source", "https://data.example/" + dataset["name"])),
                    name=dataset["name"],
                    digest=dataset.get("digest"),
                )
                mlflow.log_input(ds, context=dataset.get("context", "training"), tags=dataset.get("tags"))
            for key, value in run_spec.get("params", {}).items():
                mlflow.log_param(key, value)
            for key, value in run_spec.get("metrics", {}).items():
                mlflow.log_metric(key, value)
            if run_spec.get("tags"):
                mlflow.set_tags(run_spec["tags"])
            # MLflow tags the git checkout the script runs from; a run states only what the spec says.
            current = client.get_run(run.info.run_id).data.tags
            for key in ("mlflow.source.git.commit", "mlflow.source.git.branch", "mlflow.source.git.repoURL"):
                if key in current and key not in run_spec.get("tags", {}):
                    client.delete_tag(run.info.run_id, key)
            for artifact_path, local in run_spec.get("artifacts", {}).items():
                directory, name = os.path.split(artifact_path)
                staging = tempfile.mkdtemp()
                try:
                    target = os.path.join(staging, name)
                    shutil.copyfile(local, target)
                    mlflow.log_artifact(target, artifact_path=directory or None)
                finally:
                    shutil.rmtree(staging)
            run_id = run.info.run_id
        version = client.create_model_version(
            model, source=f"runs:/{run_id}/model", run_id=run_id, description=entry.get("description")
        )
        for key, value in entry.get("tags", {}).items():
            client.set_model_version_tag(model, version.version, key, value)
        for alias in entry.get("aliases", []):
            client.set_registered_model_alias(model, alias, version.version)
        out.append({"version": version.version, "run_id": run_id})
    return {"model": model, "versions": out}


if __name__ == "__main__":
    main()
