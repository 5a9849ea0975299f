"""Probe: what Amazon's DynamoDB Local does and doesn't reproduce of AWS, measured here.

Starts its own in-memory DynamoDB Local and prints one line per fact; docs/LOCAL_DYNAMODB.md
quotes the results.

    .venv/bin/python bench/probe_local_dynamodb.py
"""

from __future__ import annotations

import statistics
import sys
import threading
import time
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from scripts.dynamodb_local import DynamoDBLocal  # noqa: E402


def client_for(url: str):
    return boto3.client(
        "dynamodb",
        endpoint_url=url,
        region_name="us-east-1",
        aws_access_key_id="local",
        aws_secret_access_key="local",
        config=Config(
            retries={"mode": "standard", "total_max_attempts": 1}, max_pool_connections=32
        ),
    )


def create(ddb, name: str, **extra) -> None:
    ddb.create_table(
        TableName=name,
        BillingMode="PAY_PER_REQUEST",
        AttributeDefinitions=[
            {"AttributeName": "id", "AttributeType": "S"},
            {"AttributeName": "status", "AttributeType": "S"},
        ],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        GlobalSecondaryIndexes=[
            {
                "IndexName": "status-index",
                "KeySchema": [{"AttributeName": "status", "KeyType": "HASH"}],
                "Projection": {"ProjectionType": "ALL"},
            }
        ],
        **extra,
    )


def code_of(fn) -> str:
    try:
        fn()
    except ClientError as exc:
        return exc.response["Error"]["Code"]
    return "accepted"


def median_ms(fn, runs: int = 30) -> float:
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> None:
    server = DynamoDBLocal(in_memory=True).start()
    ddb = client_for(server.url)
    try:
        create(
            ddb,
            "probe",
            StreamSpecification={"StreamEnabled": True, "StreamViewType": "NEW_AND_OLD_IMAGES"},
        )

        def put(i, **a):
            item = {"id": {"S": f"k{i:04d}"}, "status": {"S": "pending"}, **a}
            return ddb.put_item(TableName="probe", Item=item)

        for i in range(2000):
            put(i)
        print(
            "reserved word in KeyConditionExpression:",
            code_of(
                lambda: ddb.query(
                    TableName="probe",
                    IndexName="status-index",
                    KeyConditionExpression="status = :s",
                    ExpressionAttributeValues={":s": {"S": "pending"}},
                )
            ),
        )
        print(
            "BatchWriteItem of 26:",
            code_of(
                lambda: ddb.batch_write_item(
                    RequestItems={
                        "probe": [
                            {"PutRequest": {"Item": {"id": {"S": f"b{i}"}, "status": {"S": "x"}}}}
                            for i in range(26)
                        ]
                    }
                )
            ),
        )
        print(
            "TransactWriteItems of 101:",
            code_of(
                lambda: ddb.transact_write_items(
                    TransactItems=[
                        {
                            "Put": {
                                "TableName": "probe",
                                "Item": {"id": {"S": f"t{i}"}, "status": {"S": "x"}},
                            }
                        }
                        for i in range(101)
                    ]
                )
            ),
        )
        print("item over 400 KB:", code_of(lambda: put(9999, blob={"S": "x" * 410_000})))

        # GSI lag: a write, then at once a Query on the index.
        put(5000, status={"S": "fresh"})
        seen = ddb.query(
            TableName="probe",
            IndexName="status-index",
            KeyConditionExpression="#s = :s",
            ExpressionAttributeNames={"#s": "status"},
            ExpressionAttributeValues={":s": {"S": "fresh"}},
        )["Count"]
        print("GSI sees a write immediately:", seen == 1)

        order = [i["id"]["S"] for i in ddb.scan(TableName="probe", Limit=20)["Items"]]
        print("scan order sorted by key:", order == sorted(order), order[:5])
        page = ddb.scan(TableName="probe", Limit=2001)
        print(
            "page ending exactly at the last item has LastEvaluatedKey:",
            "LastEvaluatedKey" in ddb.scan(TableName="probe", Limit=page["Count"]),
        )

        # Idempotency tokens.
        def txn(token, value):
            return ddb.transact_write_items(
                ClientRequestToken=token,
                TransactItems=[
                    {
                        "Update": {
                            "TableName": "probe",
                            "Key": {"id": {"S": "tok"}},
                            "UpdateExpression": "SET n = if_not_exists(n, :z) + :one",
                            "ConditionExpression": "attribute_not_exists(n) OR n < :cap",
                            "ExpressionAttributeValues": {
                                ":z": {"N": "0"},
                                ":one": {"N": value},
                                ":cap": {"N": "1"},
                            },
                        }
                    }
                ],
            )

        txn("token-1", "1")
        second = code_of(lambda: txn("token-1", "1"))
        stored = ddb.get_item(TableName="probe", Key={"id": {"S": "tok"}})["Item"]["n"]["N"]
        print("same ClientRequestToken twice:", second, "stored n =", stored)
        print("same token, other request:", code_of(lambda: txn("token-1", "2")))

        # Throttling: a burst on a 1-WCU provisioned table.
        ddb.create_table(
            TableName="tiny",
            BillingMode="PROVISIONED",
            ProvisionedThroughput={"ReadCapacityUnits": 1, "WriteCapacityUnits": 1},
            AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
            KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        )
        errors = [
            code_of(lambda i=i: ddb.put_item(TableName="tiny", Item={"id": {"S": str(i)}}))
            for i in range(300)
        ]
        print("300 writes/burst on 1 WCU: throttled", sum(e != "accepted" for e in errors))

        # Races: 16 threads, one conditional transaction, 10 trials.
        results = []
        for trial in range(10):
            key = {"id": {"S": f"race{trial}"}}
            ddb.put_item(TableName="probe", Item={**key, "status": {"S": "pending"}})
            barrier, outcomes = threading.Barrier(16), []
            clients = [client_for(server.url) for _ in range(16)]

            def racer(c, n, key=key, barrier=barrier, outcomes=outcomes):
                barrier.wait()
                try:
                    c.transact_write_items(
                        TransactItems=[
                            {
                                "Update": {
                                    "TableName": "probe",
                                    "Key": key,
                                    "UpdateExpression": "SET #s = :a, winner = :w",
                                    "ConditionExpression": "#s = :p",
                                    "ExpressionAttributeNames": {"#s": "status"},
                                    "ExpressionAttributeValues": {
                                        ":a": {"S": "approved"},
                                        ":p": {"S": "pending"},
                                        ":w": {"N": str(n)},
                                    },
                                }
                            }
                        ]
                    )
                    outcomes.append("won")
                except ClientError as exc:
                    reasons = exc.response.get("CancellationReasons") or [{}]
                    outcomes.append(reasons[0].get("Code", exc.response["Error"]["Code"]))

            threads = [threading.Thread(target=racer, args=(c, n)) for n, c in enumerate(clients)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            results.append(outcomes)
        winners = [o.count("won") for o in results]
        losing = sorted({o for r in results for o in r if o != "won"})
        print("16-thread race winners per trial:", winners, "losers' reasons:", losing)

        # Streams.
        arn = ddb.describe_table(TableName="probe")["Table"]["LatestStreamArn"]
        streams = boto3.client(
            "dynamodbstreams",
            endpoint_url=server.url,
            region_name="us-east-1",
            aws_access_key_id="local",
            aws_secret_access_key="local",
        )
        shard = streams.describe_stream(StreamArn=arn)["StreamDescription"]["Shards"][0]
        iterator = streams.get_shard_iterator(
            StreamArn=arn, ShardId=shard["ShardId"], ShardIteratorType="TRIM_HORIZON"
        )["ShardIterator"]
        records = streams.get_records(ShardIterator=iterator, Limit=100)["Records"]
        print("streams: records readable:", len(records) > 0, records[0]["eventName"])

        key = {"id": {"S": "k0001"}}
        print(f"GetItem: {median_ms(lambda: ddb.get_item(TableName='probe', Key=key)):.1f} ms")
        query_ms = median_ms(
            lambda: ddb.query(
                TableName="probe",
                IndexName="status-index",
                Limit=25,
                KeyConditionExpression="#s = :s",
                ExpressionAttributeNames={"#s": "status"},
                ExpressionAttributeValues={":s": {"S": "pending"}},
            )
        )
        print(f"Query Limit 25 on the GSI: {query_ms:.1f} ms")
        transaction_ms = median_ms(
            lambda: ddb.transact_write_items(
                TransactItems=[
                    {
                        "Put": {
                            "TableName": "probe",
                            "Item": {"id": {"S": "one"}, "status": {"S": "x"}},
                        }
                    }
                ]
            )
        )
        print(f"one-action transaction: {transaction_ms:.1f} ms")
        started = time.perf_counter()
        scanned, start = 0, None
        while True:
            kwargs = {"TableName": "probe", **({"ExclusiveStartKey": start} if start else {})}
            response = ddb.scan(**kwargs)
            scanned += response["Count"]
            start = response.get("LastEvaluatedKey")
            if not start:
                break
        print(f"full Scan of {scanned} items: {(time.perf_counter() - started) * 1000:.0f} ms")
    finally:
        server.stop()


if __name__ == "__main__":
    main()
