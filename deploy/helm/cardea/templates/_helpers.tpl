{{- define "cardea.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 63 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 63 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{- define "cardea.selectorLabels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end -}}

{{- define "cardea.labels" -}}
{{ include "cardea.selectorLabels" . }}
app.kubernetes.io/version: {{ include "cardea.release" . | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end -}}

{{/* The Cardea release deployed: the image tag, by default the chart's appVersion. */}}
{{- define "cardea.release" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* The claim the backup before an upgrade writes to: the operator's, or the one the chart creates. */}}
{{- define "cardea.backupClaim" -}}
{{- .Values.backup.beforeUpgrade.existingClaim | default (printf "%s-backups" (include "cardea.fullname" .)) -}}
{{- end -}}

{{- define "cardea.image" -}}
{{- printf "%s:%s" .Values.image.repository (include "cardea.release" .) -}}
{{- end -}}

{{/*
The database connection, shared by the server and the migration Jobs. Credentials are only
referenced from the operator's Secret, never copied into a manifest.
*/}}
{{- define "cardea.databaseEnv" -}}
- name: CARDEA_DATABASE_URL
  value: {{ .Values.database.url | quote }}
- name: CARDEA_DATABASE_USER
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.userKey }}
- name: CARDEA_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef:
      name: {{ .Values.database.existingSecret }}
      key: {{ .Values.database.passwordKey }}
{{- end -}}

{{/* The server's secrets, each from the operator's Secret when its key is named. */}}
{{- define "cardea.serverSecretEnv" -}}
{{- $secrets := .Values.secrets -}}
{{- $keys := dict "CARDEA_SECRETS_SYSTEM" $secrets.systemKey "CARDEA_SECRETS_COOKIE" $secrets.cookieKey "CARDEA_ADMIN_TOKENS" $secrets.adminTokensKey "CARDEA_METRICS_TOKEN" $secrets.metricsTokenKey -}}
{{- range $name, $key := $keys }}
{{- if $key }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef:
      name: {{ $secrets.existingSecret }}
      key: {{ $key }}
{{- end }}
{{- end }}
{{- end -}}

{{/* The pod security every Cardea container runs with: the image's non-root user, nothing more. */}}
{{- define "cardea.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: 10001
runAsGroup: 10001
fsGroup: 10001
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{- define "cardea.containerSecurityContext" -}}
allowPrivilegeEscalation: false
readOnlyRootFilesystem: true
capabilities:
  drop: ["ALL"]
{{- end -}}

{{/*
The annotations of a hook: its events and weight (Helm runs lower weights first). The resource of the
last run stays, with its logs, until the next one creates it again: the audit trail of what ran.
Arguments: hook, weight.
*/}}
{{- define "cardea.hookAnnotations" -}}
"helm.sh/hook": {{ .hook }}
"helm.sh/hook-weight": {{ .weight | quote }}
"helm.sh/hook-delete-policy": before-hook-creation
{{- end -}}

{{/*
A hook Job running one `cardea` command with the database's credentials. Arguments: root, component
(also the Job's name suffix), hook, weight, args (the command's arguments), backoffLimit,
activeDeadlineSeconds; optionally env, volumeMounts and volumes (YAML lists, as text).
*/}}
{{- define "cardea.hookJob" -}}
{{- $root := .root -}}
apiVersion: batch/v1
kind: Job
metadata:
  name: {{ include "cardea.fullname" $root }}-{{ .component }}
  labels:
    {{- include "cardea.labels" $root | nindent 4 }}
    app.kubernetes.io/component: {{ .component }}
  annotations:
    {{- include "cardea.hookAnnotations" . | nindent 4 }}
spec:
  backoffLimit: {{ .backoffLimit }}
  activeDeadlineSeconds: {{ .activeDeadlineSeconds }}
  template:
    metadata:
      labels:
        {{- include "cardea.selectorLabels" $root | nindent 8 }}
        app.kubernetes.io/component: {{ .component }}
    spec:
      restartPolicy: Never
      automountServiceAccountToken: false
      {{- with $root.Values.imagePullSecrets }}
      imagePullSecrets:
        {{- toYaml . | nindent 8 }}
      {{- end }}
      securityContext:
        {{- include "cardea.podSecurityContext" $root | nindent 8 }}
      containers:
        - name: {{ .component }}
          image: {{ include "cardea.image" $root }}
          imagePullPolicy: {{ $root.Values.image.pullPolicy }}
          args: {{ toJson .args }}
          env:
            {{- include "cardea.databaseEnv" $root | nindent 12 }}
            {{- with .env }}
            {{- . | nindent 12 }}
            {{- end }}
          securityContext:
            {{- include "cardea.containerSecurityContext" $root | nindent 12 }}
          volumeMounts:
            - name: tmp
              mountPath: /tmp
            {{- with .volumeMounts }}
            {{- . | nindent 12 }}
            {{- end }}
      volumes:
        - name: tmp
          emptyDir: {}
        {{- with .volumes }}
        {{- . | nindent 8 }}
        {{- end }}
{{- end -}}

{{/* A Job running one `cardea migrate` phase as a Helm hook. Arguments: root, phase, hook, weight. */}}
{{- define "cardea.migrationJob" -}}
{{- $migrations := .root.Values.migrations -}}
{{- include "cardea.hookJob" (dict "root" .root "component" (printf "migrate-%s" .phase) "hook" .hook "weight" .weight
      "args" (list "migrate" .phase) "backoffLimit" $migrations.backoffLimit
      "activeDeadlineSeconds" $migrations.activeDeadlineSeconds) -}}
{{- end -}}
