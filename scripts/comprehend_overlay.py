"""A botocore model overlay that adds StopDocumentClassificationJob to Comprehend's API.

Comprehend has no stop operation for document classification jobs (its other job types have one),
so boto3 and the AWS CLI do not know Triage's. This writes a copy of the installed botocore's
Comprehend model with the operation added, in the shape of Comprehend's other Stop*Job operations,
under DIR/comprehend/<api-version>/service-2.json. With AWS_DATA_PATH=DIR, boto3 offers
`stop_document_classification_job(JobId=...)` and the AWS CLI
`aws comprehend stop-document-classification-job --job-id ...`.
"""
import json
import os
import sys


def write_overlay(folder):
    import botocore.loaders

    model = botocore.loaders.Loader().load_service_model("comprehend", "service-2")
    version = model["metadata"]["apiVersion"]
    operations = model["operations"]
    shapes = model["shapes"]
    if "StopDocumentClassificationJob" not in operations:
        operations["StopDocumentClassificationJob"] = {
            "name": "StopDocumentClassificationJob",
            "http": {"method": "POST", "requestUri": "/"},
            "input": {"shape": "StopDocumentClassificationJobRequest"},
            "output": {"shape": "StopDocumentClassificationJobResponse"},
            "errors": [{"shape": "InvalidRequestException"}, {"shape": "JobNotFoundException"},
                       {"shape": "InternalServerException"}],
            "documentation": "<p>Stops a document classification job (Triage).</p>",
        }
        shapes["StopDocumentClassificationJobRequest"] = {
            "type": "structure", "required": ["JobId"], "members": {"JobId": {"shape": "JobId"}}}
        shapes["StopDocumentClassificationJobResponse"] = {
            "type": "structure", "members": {"JobId": {"shape": "JobId"}, "JobStatus": {"shape": "JobStatus"}}}
    target = os.path.join(folder, "comprehend", version)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "service-2.json"), "w") as out:
        json.dump(model, out)
    return folder


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: comprehend_overlay.py DIR   (then export AWS_DATA_PATH=DIR)")
    print(write_overlay(sys.argv[1]))
