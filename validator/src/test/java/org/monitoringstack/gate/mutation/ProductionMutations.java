package org.monitoringstack.gate.mutation;

import java.util.ArrayList;
import java.util.List;
import org.monitoringstack.gate.model.Severity;
import org.monitoringstack.gate.policy.ClusterValues;

/**
 * The mutation table: each entry breaks one production requirement of the migration guide
 * (REQUIREMENTS.md) in {@code overlays/production} or {@code clusters/prod-eu-west}, and names the
 * check that must then fail with severity error, on which object.
 */
final class ProductionMutations {

  static final String OVERLAY = "overlays/production";
  static final String CLUSTER = "clusters/prod-eu-west";
  static final String FLEET = "fleet";
  private static final String SET = "argoproj.io/v1alpha1/ApplicationSet/monitoring";
  /** The templates of the set's generators: the CRDs layer, the stack layer. */
  private static final String CRDS_TEMPLATE = "/spec/generators/0/git/template";
  private static final String STACK_TEMPLATE = "/spec/generators/1/git/template";
  private static final String WAVE = "/metadata/annotations/argocd.argoproj.io~1sync-wave";
  private static final String APP_STACK = "Application/prod-eu-west-monitoring-stack";
  private static final String APP_CRDS = "Application/prod-eu-west-prometheus-operator-crds";

  private static final String PROMETHEUS = """
      apiVersion: monitoring.coreos.com/v1
      kind: Prometheus
      metadata:
        name: main
        namespace: monitoring
      """;
  private static final String ALERTMANAGER = """
      apiVersion: monitoring.coreos.com/v1
      kind: Alertmanager
      metadata:
        name: main
        namespace: monitoring
      """;
  private static final String GRAFANA = """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: grafana
        namespace: monitoring
      """;

  private ProductionMutations() {}

  static List<Mutation> all() {
    List<Mutation> m = new ArrayList<>();
    // RES-1..6: the guide's resource table, one component each
    m.add(patch("RES-1 Prometheus memory request 2Gi -> resources.sizing", PROMETHEUS + """
        spec:
          resources:
            requests:
              memory: 2Gi
        """, "resources.sizing", "Prometheus/main"));
    m.add(patch("RES-2 Grafana cpu limit 250m -> resources.sizing", GRAFANA + """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  resources:
                    limits:
                      cpu: 250m
        """, "resources.sizing", "Deployment/grafana"));
    m.add(patch("RES-3 Alertmanager memory request 128Mi -> resources.sizing", ALERTMANAGER + """
        spec:
          resources:
            requests:
              memory: 128Mi
        """, "resources.sizing", "Alertmanager/main"));
    m.add(patch("RES-4 node-exporter memory limit 128Mi -> resources.sizing", """
        apiVersion: apps/v1
        kind: DaemonSet
        metadata:
          name: node-exporter
          namespace: node-exporter
        spec:
          template:
            spec:
              containers:
                - name: node-exporter
                  resources:
                    limits:
                      memory: 128Mi
        """, "resources.sizing", "DaemonSet/node-exporter"));
    m.add(patch("RES-5 kube-state-metrics cpu request 50m -> resources.sizing", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: kube-state-metrics
          namespace: monitoring
        spec:
          template:
            spec:
              containers:
                - name: kube-state-metrics
                  resources:
                    requests:
                      cpu: 50m
        """, "resources.sizing", "Deployment/kube-state-metrics"));
    m.add(patch("RES-6 operator memory limit 512Mi -> resources.sizing", """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: prometheus-operator
          namespace: monitoring
        spec:
          template:
            spec:
              containers:
                - name: prometheus-operator
                  resources:
                    limits:
                      memory: 512Mi
        """, "resources.sizing", "Deployment/prometheus-operator"));
    // RES-7: every container, init containers and operator-injected sidecars included
    m.add(patch("RES-7 Grafana init container without resources -> resources.present",
        GRAFANA + """
        spec:
          template:
            spec:
              initContainers:
                - name: wait
                  image: busybox:1.37.0
                  command: ["true"]
                  securityContext:
                    allowPrivilegeEscalation: false
                    readOnlyRootFilesystem: true
                    capabilities:
                      drop: [ALL]
        """, "resources.present", "Deployment/grafana"));
    m.add(json("RES-7 thanos sidecar without resources -> resources.present",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: test
          path: /spec/containers/2/name
          value: thanos-sidecar
        - op: remove
          path: /spec/containers/2/resources
        - op: remove
          path: /spec/thanos/resources
        """, "resources.present", "Prometheus/main", false));
    // STO-1, STO-3, STO-4
    m.add(patch("STO-1 Prometheus on StorageClass standard -> storage.class", PROMETHEUS + """
        spec:
          storage:
            volumeClaimTemplate:
              spec:
                storageClassName: standard
        """, "storage.class", "Prometheus/main"));
    m.add(new Mutation("STO-2 Prometheus volume ReadWriteMany -> storage.class warning only",
        OVERLAY, OVERLAY, Mutation.Edit.PATCH, "", PROMETHEUS + """
        spec:
          storage:
            volumeClaimTemplate:
              spec:
                accessModes: [ReadWriteMany]
        """, "storage.class", Severity.WARNING, "Prometheus/main", true));
    m.add(patch("STO-3 Prometheus volume 20Gi -> storage.size", PROMETHEUS + """
        spec:
          storage:
            volumeClaimTemplate:
              spec:
                resources:
                  requests:
                    storage: 20Gi
        """, "storage.size", "Prometheus/main"));
    m.add(patch("STO-3 retentionSize 48GB on the 50Gi volume -> storage.retention-size",
        PROMETHEUS + """
        spec:
          retentionSize: 48GB
        """, "storage.retention-size", "Prometheus/main"));
    m.add(patch("STO-3 Grafana data on emptyDir -> storage.persistent", GRAFANA + """
        spec:
          template:
            spec:
              volumes:
                - name: storage
                  persistentVolumeClaim: null
                  emptyDir: {}
        """, "storage.persistent", "Deployment/grafana"));
    m.add(json("STO-3 Alertmanager without storage -> storage.persistent",
        "monitoring.coreos.com/v1/Alertmanager/main", """
        - op: remove
          path: /spec/storage
        """, "storage.persistent", "Alertmanager/main", false));
    m.add(patch("STO-4 Velero Schedule deleted -> backup.schedule", """
        $patch: delete
        apiVersion: velero.io/v1
        kind: Schedule
        metadata:
          name: monitoring-daily
          namespace: velero
        """, "backup.schedule", "-", false));
    // NET-3
    m.add(json("NET-3 Grafana Service on port 3001 -> ports.standard", "/v1/Service/grafana", """
        - op: replace
          path: /spec/ports/0/port
          value: 3001
        """, "ports.standard", "Service/grafana", true));
    // SEC-1, SEC-2
    m.add(patch("SEC-1 Grafana password policy off -> auth.grafana-password-policy",
        GRAFANA + grafanaEnv("GF_AUTH_BASIC_PASSWORD_POLICY", "\"false\""),
        "auth.grafana-password-policy", "Deployment/grafana"));
    m.add(patch("SEC-2 Grafana OAuth off -> auth.grafana-external",
        GRAFANA + grafanaEnv("GF_AUTH_GENERIC_OAUTH_ENABLED", "\"false\""),
        "auth.grafana-external", "Deployment/grafana"));
    m.add(patch("SEC-1 Grafana anonymous access on -> auth.grafana-anonymous",
        GRAFANA + grafanaEnv("GF_AUTH_ANONYMOUS_ENABLED", "\"true\""),
        "auth.grafana-anonymous", "Deployment/grafana"));
    m.add(patch("SEC-1 Grafana admin password as a literal -> auth.grafana-admin-secret",
        GRAFANA + """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  env:
                    - name: GF_SECURITY_ADMIN_PASSWORD
                      value: admin
                      valueFrom: null
        """, "auth.grafana-admin-secret", "Deployment/grafana"));
    m.add(patch("SEC-1 Grafana database password as an environment variable"
        + " -> auth.grafana-secret-files", GRAFANA + """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  env:
                    - name: GF_DATABASE_PASSWORD
                      valueFrom:
                        secretKeyRef: {name: grafana-database, key: password}
        """, "auth.grafana-secret-files", "Deployment/grafana"));
    m.add(patch("SEC-1 Grafana OAuth client secret read from outside its Secret mount"
        + " -> auth.grafana-secret-files",
        GRAFANA + grafanaEnv("GF_AUTH_GENERIC_OAUTH_CLIENT_SECRET__FILE", "/tmp/client-secret"),
        "auth.grafana-secret-files", "Deployment/grafana"));
    // PRE-4
    m.add(json("PRE-4 Grafana Ingress without TLS -> ingress.tls",
        "networking.k8s.io/v1/Ingress/grafana", """
        - op: remove
          path: /spec/tls
        """, "ingress.tls", "Ingress/grafana", false));
    // SEC-3: TLS between components
    m.add(json("SEC-3 Prometheus web TLS off -> tls.web",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: remove
          path: /spec/web/tlsConfig
        """, "tls.web", "Prometheus/main", false));
    m.add(json("SEC-3 ServiceMonitor grafana insecureSkipVerify -> tls.scrape",
        "monitoring.coreos.com/v1/ServiceMonitor/grafana", """
        - op: add
          path: /spec/endpoints/0/tlsConfig/insecureSkipVerify
          value: true
        """, "tls.scrape", "ServiceMonitor/grafana", true));
    m.add(json("SEC-3 ServiceMonitor node-exporter scheme http -> tls.scrape",
        "monitoring.coreos.com/v1/ServiceMonitor/node-exporter", """
        - op: replace
          path: /spec/endpoints/0/scheme
          value: http
        """, "tls.scrape", "ServiceMonitor/node-exporter", true));
    m.add(json("SEC-3 alert delivery over http -> tls.scrape",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: replace
          path: /spec/alerting/alertmanagers/0/scheme
          value: http
        """, "tls.scrape", "Prometheus/main", true));
    // SEC-4
    m.add(patch("SEC-4 company PKI issuer made selfSigned -> tls.trusted-issuer", """
        apiVersion: cert-manager.io/v1
        kind: ClusterIssuer
        metadata:
          name: company-pki
        spec:
          vault: null
          selfSigned: {}
        """, "tls.trusted-issuer", "Certificate/prometheus", false));
    // SEC-5
    m.add(patch("SEC-5 default deny deleted -> network.default-deny", """
        $patch: delete
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata:
          name: default-deny
          namespace: monitoring
        """, "network.default-deny", "-", false));
    m.add(json("SEC-5 Prometheus egress to kube-state-metrics removed -> network.scrape-allowed",
        "networking.k8s.io/v1/NetworkPolicy/prometheus", """
        - op: test
          path: /spec/egress/4/to/0/podSelector/matchLabels/app.kubernetes.io~1name
          value: kube-state-metrics
        - op: remove
          path: /spec/egress/4
        """, "network.scrape-allowed", "ServiceMonitor/kube-state-metrics", false));
    // SEC-6, on the cluster's own stack
    m.add(new Mutation("SEC-6 prod-eu-west UIs open to 0.0.0.0/0 -> network.admin-only",
        CLUSTER, CLUSTER, Mutation.Edit.PATCH, "networking.k8s.io/v1/NetworkPolicy/ui-admin-access",
        """
        - op: add
          path: /spec/ingress/0/from/-
          value:
            ipBlock:
              cidr: 0.0.0.0/0
        """, "network.admin-only", Severity.ERROR, "NetworkPolicy/ui-admin-access", true));
    // HA-1..7
    m.add(patch("HA-1 Prometheus replicas 1 -> ha.prometheus-replicas", PROMETHEUS + """
        spec:
          replicas: 1
        """, "ha.prometheus-replicas", "Prometheus/main"));
    m.add(json("HA-1 Prometheus without anti-affinity -> ha.anti-affinity",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: remove
          path: /spec/affinity
        """, "ha.anti-affinity", "Prometheus/main", false));
    m.add(json("HA-1 Prometheus anti-affinity only preferred -> ha.anti-affinity",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: remove
          path: /spec/affinity/podAntiAffinity/requiredDuringSchedulingIgnoredDuringExecution
        - op: add
          path: /spec/affinity/podAntiAffinity/preferredDuringSchedulingIgnoredDuringExecution
          value:
            - weight: 100
              podAffinityTerm:
                topologyKey: kubernetes.io/hostname
                labelSelector:
                  matchLabels:
                    app.kubernetes.io/name: prometheus
                    prometheus: main
        """, "ha.anti-affinity", "Prometheus/main", false));
    m.add(json("HA-1 Thanos Query replicas may share a node -> ha.anti-affinity",
        "apps/v1/Deployment/thanos-query", """
        - op: remove
          path: /spec/template/spec/affinity
        """, "ha.anti-affinity", "Deployment/thanos-query", false));
    m.add(json("HA-1 Thanos Store without zone spread -> ha.anti-affinity",
        "apps/v1/StatefulSet/thanos-store", """
        - op: remove
          path: /spec/template/spec/topologySpreadConstraints
        """, "ha.anti-affinity", "StatefulSet/thanos-store", false));
    m.add(json("HA-1 Alertmanager without zone spread -> ha.anti-affinity",
        "monitoring.coreos.com/v1/Alertmanager/main", """
        - op: remove
          path: /spec/topologySpreadConstraints
        """, "ha.anti-affinity", "Alertmanager/main", false));
    m.add(patch("HA-1 Grafana's shared claim ReadWriteOnce -> ha.shared-volume", """
        apiVersion: v1
        kind: PersistentVolumeClaim
        metadata:
          name: grafana-storage
          namespace: monitoring
        spec:
          accessModes: [ReadWriteOnce]
        """, "ha.shared-volume", "PersistentVolumeClaim/grafana-storage"));
    m.add(json("HA-2 Prometheus without Thanos sidecar -> ha.thanos-sidecar",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: remove
          path: /spec/thanos
        """, "ha.thanos-sidecar", "Prometheus/main", false));
    m.add(patch("HA-3 Alertmanager replicas 1 -> ha.alertmanager-cluster", ALERTMANAGER + """
        spec:
          replicas: 1
        """, "ha.alertmanager-cluster", "Alertmanager/main"));
    m.add(json("HA-4 Alertmanager route to an undefined receiver -> alerting.config-valid",
        "external-secrets.io/v1/ExternalSecret/alertmanager-main-config", """
        - op: replace
          path: /spec/target/template/data/alertmanager.yaml
          value: |
            route:
              receiver: nowhere
            receivers:
            - name: default
              webhook_configs:
              - url: 'https://heartbeat.example.com/hook'
        """, "alerting.config-valid", "ExternalSecret/alertmanager-main-config", false));
    m.add(json("SEC-5 Prometheus egress to anywhere on every port -> network.least-privilege",
        "networking.k8s.io/v1/NetworkPolicy/prometheus", """
        - op: add
          path: /spec/egress/-
          value:
            to:
            - ipBlock:
                cidr: 0.0.0.0/0
        """, "network.least-privilege", "NetworkPolicy/prometheus", false));
    m.add(json("SEC-5 Alertmanager ingress from every namespace -> network.least-privilege",
        "networking.k8s.io/v1/NetworkPolicy/alertmanager", """
        - op: add
          path: /spec/ingress/-
          value:
            from:
            - namespaceSelector: {}
            ports:
            - port: 9093
              protocol: TCP
        """, "network.least-privilege", "NetworkPolicy/alertmanager", false));
    m.add(json("SEC-6 Prometheus UI without the authenticating proxy -> ingress.admin-only",
        "networking.k8s.io/v1/Ingress/prometheus", """
        - op: remove
          path: /metadata/annotations/nginx.ingress.kubernetes.io~1auth-url
        """, "ingress.admin-only", "Ingress/prometheus", false));
    m.add(json("SEC-6 Grafana Ingress open to the internet -> ingress.admin-only",
        "networking.k8s.io/v1/Ingress/grafana", """
        - op: replace
          path: /metadata/annotations/nginx.ingress.kubernetes.io~1allowlist-source-range
          value: 0.0.0.0/0
        """, "ingress.admin-only", "Ingress/grafana", false));
    m.add(json("SEC-3 ServiceMonitors may read Prometheus's files -> prometheus.monitor-fs-access",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: replace
          path: /spec/arbitraryFSAccessThroughSMs/deny
          value: false
        """, "prometheus.monitor-fs-access", "Prometheus/main", false));
    m.add(json("HA-1 Alertmanager names a PriorityClass that does not exist -> ha.priority-class",
        "monitoring.coreos.com/v1/Alertmanager/main", """
        - op: replace
          path: /spec/priorityClassName
          value: monitoring-critcal
        """, "ha.priority-class", "Alertmanager/main", false));
    m.add(json("HA-5 Grafana liveness probe on /api/health -> grafana.liveness-probe",
        "apps/v1/Deployment/grafana", """
        - op: replace
          path: /spec/template/spec/containers/0/livenessProbe
          value:
            httpGet:
              path: /api/health
              port: http
              scheme: HTTPS
        """, "grafana.liveness-probe", "Deployment/grafana", false));
    m.add(json("POST-2 a rule expression that does not parse -> alerting.rules-valid",
        "monitoring.coreos.com/v1/PrometheusRule/general-rules", """
        - op: replace
          path: /spec/groups/0/rules/0/expr
          value: 'vector(1'
        """, "alerting.rules-valid", "PrometheusRule/general-rules", false));
    m.add(json("HA-4 a team route takes critical Prometheus alerts to Slack only"
            + " -> alerting.route-every-rule",
        "external-secrets.io/v1/ExternalSecret/alertmanager-main-config", """
        - op: replace
          path: /spec/target/template/data/alertmanager.yaml
          value: |
            global:
              smtp_smarthost: smtp.example.com:587
              smtp_from: alertmanager@example.com
              slack_api_url: 'https://hooks.slack.com/services/{{.slack_webhook_path}}'
            route:
              receiver: default
              routes:
              - receiver: deadmans-switch
                matchers:
                - alertname = "Watchdog"
                repeat_interval: 1m
              - receiver: prometheus-team
                matchers:
                - alertname =~ "Prometheus.*"
              - receiver: critical
                matchers:
                - severity = "critical"
            receivers:
            - name: default
              slack_configs:
              - channel: '#monitoring'
              email_configs:
              - to: platform-team@example.com
            - name: critical
              slack_configs:
              - channel: '#monitoring-critical'
              email_configs:
              - to: oncall@example.com
            - name: prometheus-team
              slack_configs:
              - channel: '#prometheus'
            - name: deadmans-switch
              webhook_configs:
              - url: 'https://heartbeat.example.com/hook'
        """, "alerting.route-every-rule", "PrometheusRule/prometheus-rules", false));
    m.add(json("HA-4 Alertmanager configuration without email -> alerting.redundant-channels",
        "external-secrets.io/v1/ExternalSecret/alertmanager-main-config", """
        - op: replace
          path: /spec/target/template/data/alertmanager.yaml
          value: |
            route:
              receiver: default
              routes:
              - receiver: deadmans-switch
                matchers:
                - alertname = "Watchdog"
                repeat_interval: 1m
              - receiver: critical
                matchers:
                - severity = "critical"
            receivers:
            - name: default
              slack_configs:
              - channel: '#monitoring'
                api_url: 'https://hooks.slack.com/services/{{.slack_webhook_path}}'
            - name: critical
              slack_configs:
              - channel: '#monitoring-critical'
                api_url: 'https://hooks.slack.com/services/{{.slack_webhook_path}}'
            - name: deadmans-switch
              webhook_configs:
              - url: 'https://heartbeat.example.com/ping/{{.heartbeat_token}}'
        """, "alerting.redundant-channels", "ExternalSecret/alertmanager-main-config", true));
    m.add(patch("HA-5 Grafana replicas 1 -> ha.grafana-replicas", GRAFANA + """
        spec:
          replicas: 1
        """, "ha.grafana-replicas", "Deployment/grafana"));
    m.add(patch("HA-5 Grafana on sqlite3 -> ha.grafana-replicas",
        GRAFANA + grafanaEnv("GF_DATABASE_TYPE", "sqlite3"),
        "ha.grafana-replicas", "Deployment/grafana"));
    m.add(patch("HA-6 stack-health dashboard deleted -> grafana.dashboards-as-code", """
        $patch: delete
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: grafana-dashboard-stack-health
          namespace: monitoring
        """, "grafana.dashboards-as-code", "Deployment/grafana", false));
    m.add(patch("HA-7 Prometheus PDB deleted -> ha.pdb", """
        $patch: delete
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: prometheus
          namespace: monitoring
        """, "ha.pdb", "Prometheus/main", false));
    m.add(patch("HA-7 Prometheus PDB minAvailable 2 of 2 -> ha.pdb", """
        apiVersion: policy/v1
        kind: PodDisruptionBudget
        metadata:
          name: prometheus
          namespace: monitoring
        spec:
          minAvailable: 2
        """, "ha.pdb", "PodDisruptionBudget/prometheus"));
    m.add(json("HA-7 Alertmanager PDB without unhealthyPodEvictionPolicy -> ha.pdb",
        "policy/v1/PodDisruptionBudget/alertmanager", """
        - op: remove
          path: /spec/unhealthyPodEvictionPolicy
        """, "ha.pdb", "PodDisruptionBudget/alertmanager", false));
    // SCA-1, PERF-1..3
    m.add(json("SCA-1 no enforcedSampleLimit -> prometheus.limits",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: remove
          path: /spec/enforcedSampleLimit
        """, "prometheus.limits", "Prometheus/main", false));
    m.add(patch("PERF-1 retention 1d -> prometheus.retention", PROMETHEUS + """
        spec:
          retention: 1d
        """, "prometheus.retention", "Prometheus/main"));
    m.add(patch("PERF-2 Prometheus scrapeInterval 10s -> prometheus.scrape-interval",
        PROMETHEUS + """
        spec:
          scrapeInterval: 10s
        """, "prometheus.scrape-interval", "Prometheus/main"));
    m.add(json("PERF-2 ServiceMonitor node-exporter interval 10s -> prometheus.scrape-interval",
        "monitoring.coreos.com/v1/ServiceMonitor/node-exporter", """
        - op: replace
          path: /spec/endpoints/0/interval
          value: 10s
        """, "prometheus.scrape-interval", "ServiceMonitor/node-exporter", true));
    m.add(patch("PERF-2 Prometheus evaluationInterval 10s -> prometheus.evaluation-interval",
        PROMETHEUS + """
        spec:
          evaluationInterval: 10s
        """, "prometheus.evaluation-interval", "Prometheus/main"));
    m.add(patch("PERF-2 Prometheus scrapeInterval 1m (slower) -> prometheus.scrape-interval",
        PROMETHEUS + """
        spec:
          scrapeInterval: 1m
        """, "prometheus.scrape-interval", "Prometheus/main"));
    m.add(json("PERF-2 ServiceMonitor grafana interval 2m -> prometheus.scrape-interval",
        "monitoring.coreos.com/v1/ServiceMonitor/grafana", """
        - op: replace
          path: /spec/endpoints/0/interval
          value: 2m
        """, "prometheus.scrape-interval", "ServiceMonitor/grafana", true));
    m.add(json("PERF-2 rule group interval 5m -> prometheus.evaluation-interval",
        "monitoring.coreos.com/v1/PrometheusRule/general-rules", """
        - op: add
          path: /spec/groups/0/interval
          value: 5m
        """, "prometheus.evaluation-interval", "PrometheusRule/general-rules", true));
    m.add(json("PERF-3 no exemplar-storage feature -> prometheus.exemplars",
        "monitoring.coreos.com/v1/Prometheus/main", """
        - op: remove
          path: /spec/enableFeatures
        """, "prometheus.exemplars", "Prometheus/main", false));
    m.add(patch("PERF-3 exemplars maxSize 1000 -> prometheus.exemplars", PROMETHEUS + """
        spec:
          exemplars:
            maxSize: 1000
        """, "prometheus.exemplars", "Prometheus/main"));
    // CL-6, POST-1
    m.add(resource("CL-6 a Service without a ServiceMonitor -> monitoring.coverage", """
        apiVersion: v1
        kind: Service
        metadata:
          name: blackbox-exporter
          namespace: monitoring
          labels:
            app.kubernetes.io/name: blackbox-exporter
            app.kubernetes.io/component: exporter
            app.kubernetes.io/part-of: monitoring-stack
            app.kubernetes.io/version: 0.27.0
        spec:
          selector:
            app.kubernetes.io/name: blackbox-exporter
          ports:
            - name: https
              port: 9115
              targetPort: 9115
        """, "monitoring.coverage", "Service/blackbox-exporter"));
    m.add(json("CL-6 ServiceMonitor selecting nothing -> monitoring.coverage",
        "monitoring.coreos.com/v1/ServiceMonitor/grafana", """
        - op: replace
          path: /spec/selector/matchLabels
          value:
            app.kubernetes.io/name: grafana-typo
        """, "monitoring.coverage", "ServiceMonitor/grafana", true));
    m.add(json("POST-1 Watchdog rule deleted -> alerting.meta-monitoring",
        "monitoring.coreos.com/v1/PrometheusRule/general-rules", """
        - op: test
          path: /spec/groups/0/rules/0/alert
          value: Watchdog
        - op: remove
          path: /spec/groups/0/rules/0
        """, "alerting.meta-monitoring", "Prometheus/main", false));
    // the core components themselves: a deleted object is reported against the target (object
    // "-"), at the target's kustomization, not at the patch that deleted it
    m.add(patch("stack Prometheus main deleted -> stack.components", PROMETHEUS + """
        $patch: delete
        """, "stack.components", "-", false));
    m.add(patch("stack Alertmanager main deleted -> stack.components", ALERTMANAGER + """
        $patch: delete
        """, "stack.components", "-", false));
    m.add(patch("stack Grafana deleted -> stack.components", GRAFANA + """
        $patch: delete
        """, "stack.components", "-", false));
    // hygiene
    m.add(patch("images.pinned Grafana image :latest -> images.pinned", GRAFANA + """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  image: grafana/grafana:latest
        """, "images.pinned", "Deployment/grafana"));
    m.add(patch("hygiene Grafana privilege escalation -> security.pod-hardening", GRAFANA + """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  securityContext:
                    allowPrivilegeEscalation: true
        """, "security.pod-hardening", "Deployment/grafana"));
    m.add(patch("hygiene the stack's namespace enforces privileged"
        + " -> security.pod-security-admission", """
        apiVersion: v1
        kind: Namespace
        metadata:
          name: monitoring
          labels:
            pod-security.kubernetes.io/enforce: privileged
        """, "security.pod-security-admission", "Namespace/monitoring"));
    m.add(json("hygiene node-exporter moved into the stack's namespace"
        + " -> security.pod-security-admission", "apps/v1/DaemonSet/node-exporter", """
        - op: replace
          path: /metadata/namespace
          value: monitoring
        """, "security.pod-security-admission", "DaemonSet/node-exporter", false));
    m.add(resource("hygiene a plaintext Secret -> security.no-plaintext-secrets", """
        apiVersion: v1
        kind: Secret
        metadata:
          name: smtp-password
          namespace: monitoring
          labels:
            app.kubernetes.io/name: alertmanager
            app.kubernetes.io/component: alertmanager
            app.kubernetes.io/part-of: monitoring-stack
        type: Opaque
        stringData:
          password: hunter2
        """, "security.no-plaintext-secrets", "Secret/smtp-password"));
    // the cluster's sync objects: the Applications fleet/'s ApplicationSets generate for it,
    // located at the ApplicationSet (its template holds the field)
    m.add(new Mutation("clusters Application path that does not exist -> clusters.source-exists",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: %s/spec/source/path
          value: '{{ .path.path }}/stak'
        """.formatted(STACK_TEMPLATE), "clusters.source-exists", Severity.ERROR, APP_STACK, false));
    m.add(new Mutation("clusters upstream CRDs at revision HEAD -> clusters.source-exists",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: %s/spec/source/targetRevision
          value: HEAD
        """.formatted(CRDS_TEMPLATE), "clusters.source-exists", Severity.ERROR, APP_CRDS, false));
    // GitOps delivery: pinned revisions, CRDs strictly first, prune and self-heal
    m.add(new Mutation("GitOps stack Application follows branch main -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: %s/spec/source/targetRevision
          value: main
        """.formatted(STACK_TEMPLATE), "clusters.delivery", Severity.ERROR, APP_STACK, false));
    m.add(new Mutation("GitOps stack in the CRDs' sync wave -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: %s%s
          value: "-1"
        """.formatted(STACK_TEMPLATE, WAVE), "clusters.delivery", Severity.ERROR, APP_STACK,
        false));
    m.add(new Mutation("GitOps stack's sync wave before the CRDs' -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: %s%s
          value: "-2"
        """.formatted(STACK_TEMPLATE, WAVE), "clusters.delivery", Severity.ERROR, APP_STACK,
        false));
    m.add(new Mutation("GitOps CRDs template lost its sync wave -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: remove
          path: %s%s
        """.formatted(CRDS_TEMPLATE, WAVE), "clusters.delivery", Severity.ERROR, APP_STACK,
        false));
    // what really orders the Applications of an ApplicationSet: its RollingSync steps
    m.add(new Mutation("GitOps ApplicationSet without RollingSync -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: remove
          path: /spec/strategy
        """, "clusters.delivery", Severity.ERROR, "ApplicationSet/monitoring", false));
    m.add(new Mutation("GitOps RollingSync steps reversed -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: /spec/strategy/rollingSync/steps/0/matchExpressions/0/values
          value: [stack]
        - op: replace
          path: /spec/strategy/rollingSync/steps/1/matchExpressions/0/values
          value: [crds]
        """, "clusters.delivery", Severity.ERROR, "ApplicationSet/monitoring", false));
    m.add(new Mutation("GitOps stack in no RollingSync step -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: %s/metadata/labels/monitoring.example.com~1layer
          value: stacks
        """.formatted(STACK_TEMPLATE), "clusters.delivery", Severity.ERROR,
        "ApplicationSet/monitoring", false));
    m.add(new Mutation("GitOps stack without selfHeal -> clusters.delivery",
        CLUSTER, FLEET, Mutation.Edit.PATCH, SET, """
        - op: replace
          path: /spec/template/spec/syncPolicy/automated/selfHeal
          value: false
        """, "clusters.delivery", Severity.ERROR, APP_STACK, false));
    // an inhibit rule that lost its scope: a node that is not ready silences every critical
    // alert of the cluster (the production Alertmanager configuration's template, in place)
    m.add(new Mutation("HA-4 an inhibit rule without equal silences critical alerts"
            + " -> alerting.route-every-rule",
        CLUSTER, "overlays/components/external-secrets", Mutation.Edit.REPLACE,
        "alertmanager.yaml",
        "  - alertname =~ \"TargetDown|KubePodNotReady|KubePodCrashLooping|NodeExporterDown\"\n"
            + "  equal: [node]\n => "
            + "  - severity = \"critical\"\n",
        "alerting.route-every-rule", Severity.ERROR, "PrometheusRule/prometheus-rules", false));
    // the fleet: a cluster folder copied from another that kept one of its values
    m.add(new Mutation(
        "SCA-3 copied cluster kept its source's Thanos bucket -> fleet.unique-values",
        CLUSTER, CLUSTER, Mutation.Edit.REPLACE, ClusterValues.FILE,
        "Bucket: monitoring-thanos-prod-eu-west => Bucket: monitoring-thanos-prod-us-east",
        "fleet.unique-values", Severity.ERROR, "-", true));
    m.add(new Mutation(
        "SCA-3 copied cluster kept its source's admin network -> fleet.unique-values",
        CLUSTER, CLUSTER, Mutation.Edit.REPLACE, ClusterValues.FILE,
        "adminCidr: 10.10.10.0/24 => adminCidr: 10.10.20.0/24",
        "fleet.unique-values", Severity.ERROR, "-", true));
    m.add(new Mutation("fleet copied cluster kept its source's name -> fleet.own-source",
        CLUSTER, CLUSTER, Mutation.Edit.REPLACE, ClusterValues.FILE,
        "cluster: prod-eu-west  => cluster: prod-us-east  ",
        "fleet.own-source", Severity.ERROR, "-", true));
    return List.copyOf(m);
  }

  /**
   * Requirements met in another legitimate form: each copy must pass with no finding at all, so
   * that a check compares values, not spellings (15d as 360h, 4Gi as 4096Mi, 500m as 0.5 CPU),
   * and takes more than the minimum (an extra replica) as meeting it.
   */
  static List<Equivalent> equivalents() {
    List<Equivalent> m = new ArrayList<>();
    m.add(equivalent("PERF-1 retention 360h is 15d", List.of("retention: 360h"), PROMETHEUS + """
        spec:
          retention: 360h
        """));
    m.add(equivalent("RES-1 Prometheus sized in Mi and CPU cores",
        List.of("memory: 4096Mi", "cpu: \"0.5\"", "memory: 8192Mi"), PROMETHEUS + """
        spec:
          resources:
            requests:
              memory: 4096Mi
              cpu: "0.5"
            limits:
              memory: 8192Mi
              cpu: "1"
        """));
    m.add(equivalent("RES-2 Grafana cpu limit 0.5 is 500m", List.of("cpu: \"0.5\""), GRAFANA + """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  resources:
                    limits:
                      cpu: "0.5"
        """));
    m.add(equivalent("STO-3 Prometheus volume 51200Mi is 50Gi", List.of("storage: 51200Mi"),
        PROMETHEUS + """
        spec:
          storage:
            volumeClaimTemplate:
              spec:
                resources:
                  requests:
                    storage: 51200Mi
        """));
    m.add(equivalent("HA-1 a third Prometheus replica", List.of("replicas: 3"), PROMETHEUS + """
        spec:
          replicas: 3
        """));
    m.add(equivalent("HA-3 a third Alertmanager replica", List.of("replicas: 3"), ALERTMANAGER + """
        spec:
          replicas: 3
        """));
    // a second admin network, written once in the cluster's values and let in by the component
    m.add(new Equivalent(new Mutation("SEC-6 an additional admin network in the cluster's values",
        CLUSTER, CLUSTER, Mutation.Edit.REPLACE, ClusterValues.FILE,
        "  adminCidr: 10.10.10.0/24 => "
            + "  additionalAdminCidr: 10.30.40.0/24\n  adminCidr: 10.10.10.0/24",
        Mutation.NONE, Severity.ERROR, "-", false),
        List.of(new Mutation("SEC-6 the additional admin network's component", CLUSTER, CLUSTER,
            Mutation.Edit.REPLACE, "kustomization.yaml",
            "  - ../../overlays/components/cluster-values => "
                + "  - ../../overlays/components/cluster-values\n"
                + "  - ../../overlays/components/additional-admin-network",
            Mutation.NONE, Severity.ERROR, "-", false)),
        List.of("cidr: 10.30.40.0/24",
            "nginx.ingress.kubernetes.io/allowlist-source-range: 10.10.10.0/24,10.30.40.0/24")));
    return List.copyOf(m);
  }

  private static Equivalent equivalent(String name, List<String> rendered, String content) {
    return new Equivalent(new Mutation(name, OVERLAY, OVERLAY, Mutation.Edit.PATCH, "", content,
        Mutation.NONE, Severity.ERROR, "-", false), List.of(), rendered);
  }

  /**
   * A requirement met in another form (its {@code mutation}, and edits of the same copy that go
   * with it, e.g. the component a new value needs), and lines its target's render must then
   * contain (so the patch is known to have taken effect: a patch that changed nothing would pass
   * vacuously).
   */
  record Equivalent(Mutation mutation, List<Mutation> alsoApplied, List<String> rendered) {
    Equivalent {
      alsoApplied = List.copyOf(alsoApplied);
      rendered = List.copyOf(rendered);
      if (rendered.isEmpty()) {
        throw new IllegalArgumentException(mutation.name() + ": no rendered line to look for");
      }
    }

    @Override
    public String toString() {
      return mutation.name();
    }
  }

  private static String grafanaEnv(String name, String value) {
    return """
        spec:
          template:
            spec:
              containers:
                - name: grafana
                  env:
                    - name: %s
                      value: %s
        """.formatted(name, value);
  }

  /** A strategic-merge patch of the production overlay that sets the field at fault. */
  private static Mutation patch(String name, String content, String check, String object) {
    return patch(name, content, check, object, true);
  }

  private static Mutation patch(String name, String content, String check, String object,
      boolean located) {
    return new Mutation(name, OVERLAY, OVERLAY, Mutation.Edit.PATCH, "", content, check,
        Severity.ERROR, object, located);
  }

  /** A JSON 6902 patch of the production overlay. */
  private static Mutation json(String name, String selector, String content, String check,
      String object, boolean located) {
    return new Mutation(name, OVERLAY, OVERLAY, Mutation.Edit.PATCH, selector, content, check,
        Severity.ERROR, object, located);
  }

  /** A resource added to the production overlay. */
  private static Mutation resource(String name, String content, String check, String object) {
    return new Mutation(name, OVERLAY, OVERLAY, Mutation.Edit.RESOURCE, "", content, check,
        Severity.ERROR, object, true);
  }
}
