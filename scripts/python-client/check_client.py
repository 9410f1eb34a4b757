"""Drives a running segexport server through Python stubs generated from the contract.

Run by scripts/check-python-client, which generates the stubs onto PYTHONPATH and starts the
server. Each check prints "ok" or "FAILED"; the last line counts them, and the exit status is 1
when any failed.
"""
import argparse
import re
import sys

import grpc

from segexport.v1 import catalog_pb2, catalog_pb2_grpc
from segexport.v1 import export_job_pb2, export_job_service_pb2, export_job_service_pb2_grpc

PROFILE_SCHEMA = "https://ns.adobe.com/xdm/context/profile"
UNKNOWN_JOB_ID = 9_000_000_000_000_000_000


class Checks:
    def __init__(self):
        self.passed = 0
        self.failed = 0

    def check(self, name, condition, detail=""):
        if condition:
            self.passed += 1
            print(f"ok      {name}")
        else:
            self.failed += 1
            print(f"FAILED  {name}: {detail}")
        return condition

    def refused(self, name, call, code):
        """Checks that call() fails with the gRPC status code."""
        try:
            call()
        except grpc.RpcError as error:
            return self.check(name, error.code() == code, f"{error.code()}: {error.details()}")
        return self.check(name, False, f"succeeded; expected {code}")


def metadata(token, args):
    return (("authorization", f"Bearer {token}"), ("x-api-key", args.api_key),
            ("x-gw-ims-org-id", args.org), ("x-sandbox-name", args.sandbox))


def run(args, checks):
    channel = grpc.insecure_channel(args.target)
    grpc.channel_ready_future(channel).result(timeout=30)
    catalog = catalog_pb2_grpc.CatalogServiceStub(channel)
    jobs = export_job_service_pb2_grpc.ExportJobServiceStub(channel)
    headers = metadata(args.token, args)

    created = catalog.CreateDataSet(catalog_pb2.CreateDataSetRequest(data_set=catalog_pb2.DataSet(
        name="python client check", schema_ref=catalog_pb2.SchemaRef(id=PROFILE_SCHEMA))), metadata=headers)
    refs = list(created.refs)
    if not checks.check("create a dataset", len(refs) == 1 and re.fullmatch(r"@/dataSets/[0-9a-f]{24}", refs[0]),
                        f"refs {refs}"):
        return
    dataset = refs[0].rsplit("/", 1)[1]

    job = jobs.CreateExportJob(export_job_service_pb2.CreateExportJobRequest(export_job=export_job_pb2.ExportJob(
        destination=export_job_pb2.Destination(dataset_id=dataset),
        schema=export_job_pb2.Schema(name="_xdm.context.profile"))), metadata=headers)
    checks.check("create an export job",
                 job.id > 0 and job.status == export_job_pb2.NEW and job.job_type == export_job_pb2.BATCH
                 and job.destination.dataset_id == dataset and job.ims_org_id == args.org, str(job))

    got = jobs.GetExportJob(export_job_service_pb2.GetExportJobRequest(id=job.id), metadata=headers)
    checks.check("get the export job", got.id == job.id and got.destination.dataset_id == dataset, str(got))

    listed = jobs.ListExportJobs(export_job_service_pb2.ListExportJobsRequest(limit=10), metadata=headers)
    checks.check("list export jobs", job.id in [record.id for record in listed.records],
                 f"ids {[record.id for record in listed.records]}")

    # The job may have ended already (the dataset has no profiles): then it is deleted instead.
    cancelled = jobs.CancelExportJob(export_job_service_pb2.CancelExportJobRequest(id=job.id), metadata=headers)
    checks.check("cancel the export job", cancelled.status and cancelled.message in (
        "Export job has been marked for cancelling", "Export job has been deleted"), str(cancelled))

    checks.refused("get an unknown id", lambda: jobs.GetExportJob(
        export_job_service_pb2.GetExportJobRequest(id=UNKNOWN_JOB_ID), metadata=headers), grpc.StatusCode.NOT_FOUND)
    checks.refused("call with a wrong token", lambda: jobs.ListExportJobs(
        export_job_service_pb2.ListExportJobsRequest(), metadata=metadata(args.token + "-wrong", args)),
        grpc.StatusCode.UNAUTHENTICATED)
    channel.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--target", required=True, help="host:port of the gRPC server")
    parser.add_argument("--token", required=True, help="the server's --dev-token")
    parser.add_argument("--org", default="python-check@AdobeOrg")
    parser.add_argument("--sandbox", default="prod")
    parser.add_argument("--api-key", default="python-check")
    args = parser.parse_args()
    checks = Checks()
    try:
        run(args, checks)
    except grpc.RpcError as error:
        checks.check("the calls", False, f"{error.code()}: {error.details()}")
    except grpc.FutureTimeoutError:
        checks.check("connect", False, f"no connection to {args.target} within 30 s")
    print(f"check-python-client: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
