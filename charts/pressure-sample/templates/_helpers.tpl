{{/*
Chart name, truncated to the 63 characters a label value allows.
*/}}
{{- define "pressure-sample.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Fully qualified app name: the release name, plus the chart name unless the release name
already contains it.
*/}}
{{- define "pressure-sample.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "pressure-sample.chart" -}}
{{- printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/*
Selector labels: never change after the first install (Deployment selectors are immutable).
*/}}
{{- define "pressure-sample.selectorLabels" -}}
app.kubernetes.io/name: {{ include "pressure-sample.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "pressure-sample.labels" -}}
{{ include "pressure-sample.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/component: server
app.kubernetes.io/part-of: pressure
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ include "pressure-sample.chart" . }}
{{- end }}

{{- define "pressure-sample.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/*
A number as a Kubernetes quantity: whole numbers plainly ("1"), others in thousandths
("500m"). Numbers from values files arrive as float64, from --set as int64, hence float64.
*/}}
{{- define "pressure-sample.quantity" -}}
{{- $milli := round (mulf (float64 .) 1000) 0 | int64 }}
{{- if eq (mod $milli 1000) 0 }}
{{- div $milli 1000 }}
{{- else }}
{{- printf "%dm" $milli }}
{{- end }}
{{- end }}

{{/*
Refuse values that break the three tiers. The lower tier must trip first:
  HPA target x (1 + autoscaling.tolerance) < readiness threshold < shed threshold
for the latency thresholds (milliseconds, multiples of app.requestDurationMs) and for the
queue ratio (the multipliers themselves): the HPA acts only once the metric is more than
its tolerance over target, so the target alone is not enough. The admission gate's
saturation must stay below 1 (a full gate queues and sheds). Everything goes through
float64 and mulf: values files give float64, --set int64, and Go templates refuse to
compare the two.
*/}}
{{- define "pressure-sample.validateTiers" -}}
{{- $app := .Values.app }}
{{- $duration := float64 $app.requestDurationMs }}
{{- $readiness := float64 $app.readinessMultiplier }}
{{- $shed := float64 $app.shedMultiplier }}
{{- $readinessMs := mulf $duration $readiness }}
{{- $shedMs := mulf $duration $shed }}
{{- if not (lt $readiness $shed) }}
{{- fail (printf "tier order broken: the readiness threshold must be below the shed threshold, but app.readinessMultiplier (%v) >= app.shedMultiplier (%v): latency %v ms >= %v ms (app.requestDurationMs %v), queue ratio %v >= %v" $readiness $shed $readinessMs $shedMs $duration $readiness $shed) }}
{{- end }}
{{- if .Values.autoscaling.enabled }}
{{- $hpa := .Values.autoscaling }}
{{- $factor := addf 1 (float64 $hpa.tolerance) }}
{{- if eq $hpa.metric "latency" }}
{{- $targetMs := float64 $hpa.latency.targetMilliseconds }}
{{- $acts := mulf $targetMs $factor }}
{{- if not (lt $acts $readinessMs) }}
{{- fail (printf "tier order broken: the HPA must scale out before pods fail readiness, but autoscaling.latency.targetMilliseconds x (1 + autoscaling.tolerance) (%v x %v = %v ms) >= app.requestDurationMs * app.readinessMultiplier (%v * %v = %v ms)" $targetMs $factor $acts $duration $readiness $readinessMs) }}
{{- end }}
{{- else if eq $hpa.metric "queueRatio" }}
{{- $target := float64 $hpa.queueRatio.target }}
{{- $acts := mulf $target $factor }}
{{- if not (lt $acts $readiness) }}
{{- fail (printf "tier order broken: the HPA must scale out before pods fail readiness, but autoscaling.queueRatio.target x (1 + autoscaling.tolerance) (%v x %v = %v) >= app.readinessMultiplier (%v)" $target $factor $acts $readiness) }}
{{- end }}
{{- else if eq $hpa.metric "saturation" }}
{{- $target := float64 $hpa.saturation.target }}
{{- $acts := mulf $target $factor }}
{{- if not (lt $acts 1.0) }}
{{- fail (printf "tier order broken: the HPA must scale out before the admission gate is full, but autoscaling.saturation.target x (1 + autoscaling.tolerance) (%v x %v = %v) >= 1" $target $factor $acts) }}
{{- end }}
{{- end }}
{{- if gt (int64 $hpa.minReplicas) (int64 $hpa.maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas (%v) must not exceed autoscaling.maxReplicas (%v)" $hpa.minReplicas $hpa.maxReplicas) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
The one quantile: the app judges app.latencyQuantile, the PrometheusRule's alerts select it,
and the prometheus-adapter rules shipped with the chart must select the same one, or the HPA
scales on a different series than readiness judges.
*/}}
{{- define "pressure-sample.validateQuantile" -}}
{{- $q := .Values.app.latencyQuantile | toString }}
{{- $adapter := .Files.Get "prometheus-adapter-values.yaml" }}
{{- range $found := regexFindAll "quantile=\"[^\"]*\"" $adapter -1 }}
{{- if ne $found (printf "quantile=\"%s\"" $q) }}
{{- fail (printf "app.latencyQuantile (%s) must be the quantile the prometheus-adapter rules select (prometheus-adapter-values.yaml has %s): change both together" $q $found) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Refuse a grace period the app cannot drain in: after SIGTERM (after the preStop hook, if
any) the app keeps serving for app.shutdownDelayMs while endpoints update, then gives
in-flight requests app.shutdownGraceMs, then answers what is left and exits, within
terminationMarginSeconds. Past terminationGracePeriodSeconds the kubelet kills it mid-drain.
*/}}
{{- define "pressure-sample.validateGracePeriod" -}}
{{- $preStop := float64 .Values.lifecycle.preStopSleepSeconds }}
{{- $delay := divf (float64 .Values.app.shutdownDelayMs) 1000 }}
{{- $drain := divf (float64 .Values.app.shutdownGraceMs) 1000 }}
{{- $margin := float64 .Values.terminationMarginSeconds }}
{{- $needed := addf $preStop $delay $drain $margin }}
{{- $grace := float64 .Values.terminationGracePeriodSeconds }}
{{- if lt $grace $needed }}
{{- fail (printf "terminationGracePeriodSeconds (%v) must be at least lifecycle.preStopSleepSeconds + app.shutdownDelayMs/1000 + app.shutdownGraceMs/1000 + terminationMarginSeconds (%v + %v + %v + %v = %v s)" $grace $preStop $delay $drain $margin $needed) }}
{{- end }}
{{- end }}

{{- define "pressure-sample.validate" -}}
{{- include "pressure-sample.validateTiers" . }}
{{- include "pressure-sample.validateQuantile" . }}
{{- include "pressure-sample.validateGracePeriod" . }}
{{- end }}

{{/*
Whether a prometheus-operator kind is rendered: asked for, and its API served by the cluster
(or assumed present, for helm template and GitOps tools that render without a cluster).
Call with (list . "ServiceMonitor" .Values.serviceMonitor).
*/}}
{{- define "pressure-sample.operatorKind" -}}
{{- $root := index . 0 }}
{{- $kind := index . 1 }}
{{- $values := index . 2 }}
{{- if and $values.enabled (or $values.assumeApiPresent ($root.Capabilities.APIVersions.Has (printf "monitoring.coreos.com/v1/%s" $kind))) }}true{{- end }}
{{- end }}
