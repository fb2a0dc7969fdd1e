"""Drives a running `triage serve` with boto3 and the AWS CLI, real clients nobody here wrote.

Usage: comprehend_clients.py URL MODEL PDF INPUT_DIR BIG_INPUT OUTPUT_DIR ACCESS_KEY SECRET
BIG_INPUT is a ONE_DOC_PER_LINE input large enough that its job can be stopped while it runs.
The server must require ACCESS_KEY/SECRET, take Text up to 2,000 bytes and bodies up to 300,000
bytes. Prints one line per check and exits 0 when every check passed.
"""
import base64
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.request

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "..", "..", "scripts"))
import comprehend_overlay  # noqa: E402

url, model, pdf, input_dir, big_input, output_dir, key, secret = sys.argv[1:9]
overlay = comprehend_overlay.write_overlay(tempfile.mkdtemp(prefix="triage-overlay-"))
os.environ["AWS_DATA_PATH"] = overlay

import boto3  # noqa: E402
import botocore.exceptions  # noqa: E402
from botocore.config import Config  # noqa: E402

config = Config(retries={"max_attempts": 1}, read_timeout=120)
client = boto3.client("comprehend", endpoint_url=url, region_name="us-east-1", aws_access_key_id=key,
                      aws_secret_access_key=secret, config=config)
failures = []


def check(name, condition, detail=""):
    print(("ok   " if condition else "FAIL ") + name + ("" if condition else f": {detail}"), flush=True)
    if not condition:
        failures.append(name)


def error_code(call):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        return error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]
    return None, 200


# Endpoints and real-time classification.
arn = client.create_endpoint(EndpointName="docs", ModelArn=model, DesiredInferenceUnits=1)["EndpointArn"]
check("create_endpoint returns an ARN", arn.endswith("document-classifier-endpoint/docs"), arn)
text = "Invoice no. 4471. Amount due: $394.80 within 30 days of the invoice date. Bill to: Harbor Clinic"
classes = client.classify_document(EndpointArn=arn, Text=text)["Classes"]
check("classify_document Text: INVOICE first", classes[0]["Name"] == "INVOICE", classes)
with open(pdf, "rb") as f:
    document = f.read()
response = client.classify_document(EndpointArn=arn, Bytes=document)
check("classify_document Bytes (PDF): BANK_STATEMENT first", response["Classes"][0]["Name"] == "BANK_STATEMENT", response)
check("classify_document Bytes: DocumentMetadata.Pages", response["DocumentMetadata"]["Pages"] == 2, response)
check("classify_document Bytes: DocumentType per page",
      [page["Type"] for page in response["DocumentType"]] == ["NATIVE_PDF", "NATIVE_PDF"], response)
properties = client.describe_endpoint(EndpointArn=arn)["EndpointProperties"]
check("describe_endpoint IN_SERVICE", properties["Status"] == "IN_SERVICE", properties)
check("describe_endpoint CreationTime parses as a datetime", hasattr(properties["CreationTime"], "year"), properties)
listed = client.list_endpoints()["EndpointPropertiesList"]
check("list_endpoints lists it", [e["EndpointArn"] for e in listed] == [arn], listed)
updated = client.update_endpoint(EndpointArn=arn, DesiredModelArn=model, DesiredInferenceUnits=2)
check("update_endpoint", updated["DesiredModelArn"] == model, updated)

# Errors users catch today.
check("ResourceNotFoundException for an unknown endpoint",
      error_code(lambda: client.classify_document(EndpointArn=arn + "-none", Text="x")) == ("ResourceNotFoundException", 400))
try:
    client.classify_document(EndpointArn=arn + "-none", Text="x")
    raised = False
except client.exceptions.ResourceNotFoundException:
    raised = True
check("boto3 raises client.exceptions.ResourceNotFoundException", raised)
check("ResourceInUseException for a taken name",
      error_code(lambda: client.create_endpoint(EndpointName="docs", ModelArn=model, DesiredInferenceUnits=1))[0]
      == "ResourceInUseException")
check("TextSizeLimitExceededException for long Text",
      error_code(lambda: client.classify_document(EndpointArn=arn, Text="word " * 500))[0] == "TextSizeLimitExceededException")
check("InvalidRequestException for Text and Bytes together",
      error_code(lambda: client.classify_document(EndpointArn=arn, Text="x", Bytes=b"x"))[0] == "InvalidRequestException")
check("a body over the limit is refused (413)",
      error_code(lambda: client.classify_document(EndpointArn=arn, Bytes=b"x" * 400_000))
      == ("TextSizeLimitExceededException", 413))
check("JobNotFoundException for an unknown job",
      error_code(lambda: client.describe_document_classification_job(JobId="nope"))[0] == "JobNotFoundException")
for name, other in [("UnrecognizedClientException", dict(aws_access_key_id="AKIDUNKNOWN", aws_secret_access_key=secret)),
                    ("InvalidSignatureException", dict(aws_access_key_id=key, aws_secret_access_key=secret + "x"))]:
    wrong = boto3.client("comprehend", endpoint_url=url, region_name="us-east-1", config=config, **other)
    code = error_code(lambda: wrong.classify_document(EndpointArn=arn, Text="x"))
    check(f"{name} for wrong credentials", code == (name, 403), code)

# Jobs on the journal, run by the server's worker.
role = "arn:aws:iam::000000000000:role/none"
job = client.start_document_classification_job(
    JobName="boto3-job", DocumentClassifierArn=model, DataAccessRoleArn=role,
    InputDataConfig={"S3Uri": input_dir, "InputFormat": "ONE_DOC_PER_FILE"}, OutputDataConfig={"S3Uri": output_dir})
check("start_document_classification_job SUBMITTED", job["JobStatus"] == "SUBMITTED", job)
deadline = time.time() + 120
while True:
    described = client.describe_document_classification_job(JobId=job["JobId"])["DocumentClassificationJobProperties"]
    if described["JobStatus"] in ("COMPLETED", "FAILED", "STOPPED") or time.time() > deadline:
        break
    time.sleep(0.2)
check("the job ends COMPLETED", described["JobStatus"] == "COMPLETED", described)
archive = described["OutputDataConfig"]["S3Uri"]
check("OutputDataConfig names output.tar.gz", archive.endswith("/output/output.tar.gz") and os.path.exists(archive), archive)
check("SubmitTime parses as a datetime", hasattr(described["SubmitTime"], "year"), described)
page = client.list_document_classification_jobs(Filter={"JobStatus": "COMPLETED"})
check("list_document_classification_jobs filters by status",
      [j["JobId"] for j in page["DocumentClassificationJobPropertiesList"]] == [job["JobId"]], page)
check("stopping a COMPLETED job is an InvalidRequestException",
      error_code(lambda: client.stop_document_classification_job(JobId=job["JobId"]))[0] == "InvalidRequestException")

# The AWS CLI, as a second client.
aws = os.path.join(os.path.dirname(sys.executable), "aws")
aws = aws if os.path.exists(aws) else "aws"
environment = dict(os.environ, AWS_ACCESS_KEY_ID=key, AWS_SECRET_ACCESS_KEY=secret, AWS_DEFAULT_REGION="us-east-1")


def cli(*arguments):
    result = subprocess.run([aws, "comprehend", *arguments, "--endpoint-url", url, "--output", "json"],
                            capture_output=True, text=True, env=environment)
    return result.returncode, (json.loads(result.stdout) if result.returncode == 0 and result.stdout.strip() else None), result.stderr


status, out, err = cli("classify-document", "--endpoint-arn", arn, "--text", text)
check("aws comprehend classify-document", status == 0 and out["Classes"][0]["Name"] == "INVOICE", err or out)
status, out, err = cli("start-document-classification-job", "--job-name", "cli-job", "--document-classifier-arn", model,
                       "--data-access-role-arn", role,
                       "--input-data-config", f"S3Uri={big_input},InputFormat=ONE_DOC_PER_LINE",
                       "--output-data-config", f"S3Uri={output_dir}")
check("aws comprehend start-document-classification-job", status == 0 and out["JobStatus"] == "SUBMITTED", (status, err, out))
cli_job = out["JobId"] if out else ""


def cli_status():
    status, out, err = cli("describe-document-classification-job", "--job-id", cli_job)
    return out["DocumentClassificationJobProperties"] if status == 0 else {"JobStatus": err}


deadline = time.time() + 120
while cli_status()["JobStatus"] == "SUBMITTED" and time.time() < deadline:
    time.sleep(0.1)
status, out, err = cli("stop-document-classification-job", "--job-id", cli_job)
check("aws comprehend stop-document-classification-job (overlay) on a running job",
      status == 0 and out["JobStatus"] in ("STOPPED", "STOP_REQUESTED"), (status, err, out))
while cli_status()["JobStatus"] == "STOP_REQUESTED" and time.time() < deadline:
    time.sleep(0.1)
final = cli_status()
check("the stopped job ends STOPPED with its archive", final["JobStatus"] == "STOPPED"
      and os.path.exists(final["OutputDataConfig"]["S3Uri"]), final)
status, out, err = cli("list-document-classification-jobs", "--filter", "JobName=cli-job")
check("aws comprehend list-document-classification-jobs --filter",
      status == 0 and [j["JobId"] for j in out["DocumentClassificationJobPropertiesList"]] == [cli_job], (status, err, out))
status, out, err = cli("describe-endpoint", "--endpoint-arn", arn + "-none")
check("aws comprehend describe-endpoint: ResourceNotFoundException", status != 0 and "ResourceNotFoundException" in err, err)
status, out, err = cli("list-endpoints")
check("aws comprehend list-endpoints", status == 0 and len(out["EndpointPropertiesList"]) == 1, err or out)

# Health and metrics.
check("GET /healthz", urllib.request.urlopen(url + "/healthz").read() == b"ok\n")
metrics = urllib.request.urlopen(url + "/metrics").read().decode()
check("GET /metrics counts ClassifyDocument requests",
      'triage_requests_total{operation="ClassifyDocument",status="200"}' in metrics, metrics[:2000])
check("GET /metrics has a latency histogram", "triage_request_duration_seconds_bucket" in metrics)
check("GET /metrics counts documents", "triage_documents_classified_total" in metrics)
check("GET /metrics counts jobs by status", re.search(r'^triage_jobs\{status="COMPLETED"\} 1(\.0)?$', metrics, re.M)
      and re.search(r'^triage_jobs\{status="STOPPED"\} 1(\.0)?$', metrics, re.M), metrics[-1500:])

client.delete_endpoint(EndpointArn=arn)
check("delete_endpoint", client.list_endpoints()["EndpointPropertiesList"] == [])

print(f"client checks: {len(failures)} failed", flush=True)
sys.exit(1 if failures else 0)
