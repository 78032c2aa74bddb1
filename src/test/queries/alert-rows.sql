-- QC_GATE (QueryGates.pass) holds the query while the test keeps the gate closed
SELECT X AS ID, CONCAT('row-', X) AS NAME FROM SYSTEM_RANGE(1, 2000) WHERE QC_GATE('outage') = 1 ORDER BY X;
