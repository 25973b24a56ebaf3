{{/* Names: <release> when it already contains the chart name, else <release>-kubelab; 63 characters at most (DNS labels). */}}
{{- define "kubelab.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "kubelab.shardsService" -}}
{{- printf "%s-shards" (include "kubelab.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubelab.postgresqlName" -}}
{{- printf "%s-postgresql" (include "kubelab.fullname" .) | trunc 63 | trimSuffix "-" -}}
{{- end -}}

{{- define "kubelab.secretName" -}}
{{- default (include "kubelab.fullname" .) .Values.existingSecret -}}
{{- end -}}

{{- define "kubelab.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{/* The shard pods (the bundled PostgreSQL has component: postgresql). */}}
{{- define "kubelab.shardSelectorLabels" -}}
{{ include "kubelab.selectorLabels" . }}
app.kubernetes.io/component: shard
{{- end -}}

{{- define "kubelab.labels" -}}
{{ include "kubelab.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" | trunc 63 | trimSuffix "-" }}
{{- end -}}

{{/* Whether the chart runs its own PostgreSQL: enabled and no external URL given. */}}
{{- define "kubelab.bundledPostgresql" -}}
{{- if and .Values.postgresql.enabled (not .Values.database.url) -}}true{{- end -}}
{{- end -}}

{{/* The database URL the shards get, or "" for SQLite in each shard's data directory. */}}
{{- define "kubelab.databaseUrl" -}}
{{- if .Values.database.url -}}
{{- .Values.database.url -}}
{{- else if include "kubelab.bundledPostgresql" . -}}
{{- $pg := .Values.postgresql -}}
{{- printf "postgres://%s:%s@%s:5432/%s" $pg.username (required "postgresql.password is required when the bundled PostgreSQL is used" $pg.password) (include "kubelab.postgresqlName" .) $pg.database -}}
{{- end -}}
{{- end -}}

{{- define "kubelab.publicHost" -}}
{{- default (urlParse .Values.publicUrl).hostname .Values.ingress.host -}}
{{- end -}}
