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
  HPA target < readiness threshold < shed threshold
for the latency thresholds (milliseconds, multiples of app.requestDurationMs) and for the
queue ratio (the multipliers themselves). The HPA target is checked for the metric the HPA
uses. Everything goes through float64 and mulf: values files give float64, --set int64,
and Go templates refuse to compare the two.
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
{{- if eq .Values.autoscaling.metric "latency" }}
{{- $targetMs := float64 .Values.autoscaling.latency.targetMilliseconds }}
{{- if not (lt $targetMs $readinessMs) }}
{{- fail (printf "tier order broken: the HPA must scale out before pods fail readiness, but autoscaling.latency.targetMilliseconds (%v ms) >= app.requestDurationMs * app.readinessMultiplier (%v * %v = %v ms)" $targetMs $duration $readiness $readinessMs) }}
{{- end }}
{{- else }}
{{- $target := float64 .Values.autoscaling.queueRatio.target }}
{{- if not (lt $target $readiness) }}
{{- fail (printf "tier order broken: the HPA must scale out before pods fail readiness, but autoscaling.queueRatio.target (%v) >= app.readinessMultiplier (%v)" $target $readiness) }}
{{- end }}
{{- end }}
{{- if gt (int64 .Values.autoscaling.minReplicas) (int64 .Values.autoscaling.maxReplicas) }}
{{- fail (printf "autoscaling.minReplicas (%v) must not exceed autoscaling.maxReplicas (%v)" .Values.autoscaling.minReplicas .Values.autoscaling.maxReplicas) }}
{{- end }}
{{- end }}
{{- end }}

{{/*
Refuse a grace period the app cannot drain in: after SIGTERM the kubelet waits for the
preStop hook, then the app needs one readiness period to be seen as not ready and
app.shutdownGraceMs to finish in-flight requests. Past terminationGracePeriodSeconds it is
killed mid-drain.
*/}}
{{- define "pressure-sample.validateGracePeriod" -}}
{{- $preStop := float64 .Values.lifecycle.preStopSleepSeconds }}
{{- $drain := divf (float64 .Values.app.shutdownGraceMs) 1000 }}
{{- $period := float64 .Values.probes.readiness.periodSeconds }}
{{- $needed := addf $preStop $drain $period }}
{{- $grace := float64 .Values.terminationGracePeriodSeconds }}
{{- if not (gt $grace $needed) }}
{{- fail (printf "terminationGracePeriodSeconds (%v) must exceed lifecycle.preStopSleepSeconds + app.shutdownGraceMs/1000 + probes.readiness.periodSeconds (%v + %v + %v = %v s)" $grace $preStop $drain $period $needed) }}
{{- end }}
{{- end }}

{{- define "pressure-sample.validate" -}}
{{- include "pressure-sample.validateTiers" . }}
{{- include "pressure-sample.validateGracePeriod" . }}
{{- end }}
