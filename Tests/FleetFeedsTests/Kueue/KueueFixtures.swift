import Foundation

/// Synthetic Kueue inputs shaped like `kubectl get … -o json` and the visibility API.
enum KueueFixtures {
    /// A `List` as `kubectl get clusterqueues,localqueues,workloads,cohorts,… -A -o json` prints it: a v1beta1
    /// ClusterQueue with status, a Cohort, a LocalQueue, three Workloads (admitted, inadmissible, waiting for quota),
    /// a finished one, and a batch Job that Kueue manages.
    static let list = #"""
    {
      "apiVersion": "v1",
      "kind": "List",
      "items": [
        {
          "apiVersion": "kueue.x-k8s.io/v1beta1",
          "kind": "ClusterQueue",
          "metadata": {"name": "team-a-cq", "creationTimestamp": "2024-05-01T09:00:00Z"},
          "spec": {
            "cohort": "research",
            "fairSharing": {"weight": "500m"},
            "resourceGroups": [{
              "coveredResources": ["cpu", "nvidia.com/gpu"],
              "flavors": [
                {"name": "h100", "resources": [
                  {"name": "cpu", "nominalQuota": "64"},
                  {"name": "nvidia.com/gpu", "nominalQuota": "8", "borrowingLimit": "4", "lendingLimit": "2"}]},
                {"name": "a100", "resources": [
                  {"name": "cpu", "nominalQuota": "32"},
                  {"name": "nvidia.com/gpu", "nominalQuota": "4"}]}
              ]
            }]
          },
          "status": {
            "admittedWorkloads": 1,
            "reservingWorkloads": 1,
            "pendingWorkloads": 2,
            "fairSharing": {"weightedShare": 250},
            "flavorsReservation": [{"name": "h100", "resources": [{"name": "nvidia.com/gpu", "total": "4", "borrowed": "0"}]}],
            "flavorsUsage": [
              {"name": "h100", "resources": [{"name": "cpu", "total": "8", "borrowed": "0"},
                                             {"name": "nvidia.com/gpu", "total": "4", "borrowed": "0"}]},
              {"name": "a100", "resources": [{"name": "cpu", "total": "0"}, {"name": "nvidia.com/gpu", "total": "0"}]}
            ]
          }
        },
        {
          "apiVersion": "kueue.x-k8s.io/v1beta2",
          "kind": "Cohort",
          "metadata": {"name": "research"},
          "spec": {"parentName": "org", "fairSharing": {"weight": "2"}}
        },
        {
          "apiVersion": "kueue.x-k8s.io/v1beta1",
          "kind": "LocalQueue",
          "metadata": {"name": "team-a", "namespace": "team-a"},
          "spec": {"clusterQueue": "team-a-cq"}
        },
        {
          "apiVersion": "kueue.x-k8s.io/v1beta1",
          "kind": "Workload",
          "metadata": {
            "name": "job-train-1-abcde", "namespace": "team-a", "creationTimestamp": "2024-05-01T10:00:00Z",
            "ownerReferences": [{"apiVersion": "batch/v1", "kind": "Job", "name": "train-1", "uid": "u1", "controller": true}]
          },
          "spec": {
            "queueName": "team-a", "priorityClassName": "high", "priority": 1000,
            "priorityClassSource": "kueue.x-k8s.io/workloadpriorityclass",
            "podSets": [{"name": "main", "count": 2, "template": {"spec": {"containers": [
              {"name": "trainer", "resources": {"requests": {"cpu": "4", "nvidia.com/gpu": "2"}}}]}}}]
          },
          "status": {
            "admission": {"clusterQueue": "team-a-cq", "podSetAssignments": [{"name": "main", "count": 2,
              "flavors": {"nvidia.com/gpu": "h100"}, "resourceUsage": {"cpu": "8", "nvidia.com/gpu": "4"}}]},
            "conditions": [
              {"type": "QuotaReserved", "status": "True", "reason": "QuotaReserved",
               "message": "Quota reserved in ClusterQueue team-a-cq", "lastTransitionTime": "2024-05-01T10:00:05Z"},
              {"type": "Admitted", "status": "True", "reason": "Admitted",
               "message": "The workload is admitted", "lastTransitionTime": "2024-05-01T10:00:07Z"}
            ]
          }
        },
        {
          "apiVersion": "kueue.x-k8s.io/v1beta1",
          "kind": "Workload",
          "metadata": {"name": "job-train-2-fghij", "namespace": "team-a", "creationTimestamp": "2024-05-01T10:05:00Z"},
          "spec": {
            "queueName": "team-a",
            "podSets": [{"name": "main", "count": 1, "template": {"spec": {"containers": [
              {"name": "trainer", "resources": {"limits": {"nvidia.com/gpu": "8"}}}]}}}]
          },
          "status": {"conditions": [
            {"type": "QuotaReserved", "status": "False", "reason": "Inadmissible",
             "message": "ClusterQueue team-a-cq is inactive", "lastTransitionTime": "2024-05-01T10:05:01Z"}]}
        },
        {
          "apiVersion": "kueue.x-k8s.io/v1beta2",
          "kind": "Workload",
          "metadata": {"name": "job-eval-3-klmno", "namespace": "team-a", "creationTimestamp": "2024-05-01T10:06:00Z"},
          "spec": {
            "queueName": "team-a", "priority": 10,
            "priorityClassRef": {"group": "kueue.x-k8s.io", "kind": "WorkloadPriorityClass", "name": "low"},
            "podSets": [
              {"name": "driver", "count": 1, "template": {"spec": {"containers": [{"name": "d", "resources": {"requests": {"cpu": "1"}}}]}}},
              {"name": "workers", "count": 3, "template": {"spec": {
                "initContainers": [{"name": "warm", "resources": {"requests": {"nvidia.com/gpu": "1"}}}],
                "containers": [{"name": "w", "resources": {"requests": {"amd.com/gpu": "1"}}},
                               {"name": "sidecar", "resources": {"requests": {"nvidia.com/gpu": "1"}}}]}}}
            ]
          },
          "status": {"conditions": [
            {"type": "QuotaReserved", "status": "False", "reason": "Pending",
             "message": "couldn't assign flavors to pod set workers: insufficient unused quota for nvidia.com/gpu in flavor h100, 2 more needed",
             "lastTransitionTime": "2024-05-01T10:06:01Z"}]}
        },
        {
          "apiVersion": "kueue.x-k8s.io/v1beta1",
          "kind": "Workload",
          "metadata": {"name": "job-old-4-pqrst", "namespace": "team-b", "creationTimestamp": "2024-05-01T08:00:00Z"},
          "spec": {"queueName": "team-b", "podSets": [{"name": "main", "count": 1, "template": {"spec": {"containers": []}}}]},
          "status": {
            "admission": {"clusterQueue": "team-b-cq", "podSetAssignments": [{"name": "main", "resourceUsage": {"nvidia.com/gpu": "1"}}]},
            "conditions": [
              {"type": "Admitted", "status": "True", "reason": "Admitted", "message": "", "lastTransitionTime": "2024-05-01T08:01:00Z"},
              {"type": "Finished", "status": "True", "reason": "Failed", "message": "Job has reached the specified backoff limit",
               "lastTransitionTime": "2024-05-01T09:00:00Z"}]
          }
        },
        {
          "apiVersion": "batch/v1",
          "kind": "Job",
          "metadata": {"name": "train-1", "namespace": "team-a", "labels": {"kueue.x-k8s.io/queue-name": "team-a"}},
          "spec": {"suspend": false}
        }
      ]
    }
    """#

    /// `kubectl get --raw /apis/visibility.kueue.x-k8s.io/v1beta1/clusterqueues/team-a-cq/pendingworkloads`.
    static let pendingSummary = #"""
    {"kind":"PendingWorkloadsSummary","apiVersion":"visibility.kueue.x-k8s.io/v1beta1","metadata":{"creationTimestamp":null},
     "items":[
      {"metadata":{"name":"job-eval-3-klmno","namespace":"team-a","creationTimestamp":"2024-05-01T10:06:00Z",
                   "ownerReferences":[{"apiVersion":"batch/v1","kind":"Job","name":"eval-3","uid":"u3"}]},
       "priority":10,"localQueueName":"team-a","positionInClusterQueue":0,"positionInLocalQueue":0},
      {"metadata":{"name":"job-train-2-fghij","namespace":"team-a","creationTimestamp":"2024-05-01T10:05:00Z"},
       "priority":0,"localQueueName":"team-a","positionInClusterQueue":1,"positionInLocalQueue":1}
     ]}
    """#
}
