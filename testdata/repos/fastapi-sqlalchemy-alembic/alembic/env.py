import asyncio

from alembic import context
from sqlalchemy.ext.asyncio import async_engine_from_config

from app.models import Base

target_metadata = Base.metadata


def do_run(connection):
    context.configure(connection=connection, target_metadata=target_metadata)
    with context.begin_transaction():
        context.run_migrations()


async def run_online():
    engine = async_engine_from_config(context.config.get_section(context.config.config_ini_section), prefix="sqlalchemy.")
    async with engine.connect() as conn:
        await conn.run_sync(do_run)


asyncio.run(run_online())
