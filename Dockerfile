# The Media Monitor image: Airflow 3.3.2 plus the project's pinned requirements and package.
FROM apache/airflow:3.3.2-python3.11

# Pin apache-airflow next to the requirements so pip cannot move it while resolving them.
COPY --chown=airflow:0 requirements.txt /requirements.txt
RUN pip install --no-cache-dir "apache-airflow==3.3.2" -r /requirements.txt

# The domain package (its SQL, configuration and demo site inside it), installed in place under
# /opt/airflow; docker-compose.yaml mounts ./include over it for development.
COPY --chown=airflow:0 pyproject.toml /opt/airflow/pyproject.toml
COPY --chown=airflow:0 include /opt/airflow/include
RUN pip install --no-cache-dir --no-deps -e /opt/airflow

# DAGs are baked in for machines without the repository (Celery workers elsewhere);
# docker-compose.yaml mounts ./dags and ./plugins over /opt/airflow for development.
COPY --chown=airflow:0 dags /opt/airflow/dags
ENV PYTHONPATH=/opt/airflow/include
