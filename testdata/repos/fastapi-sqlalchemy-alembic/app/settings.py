from pydantic_settings import BaseSettings


class Settings(BaseSettings):
    database_url: str = "postgresql+asyncpg://billing:billing@localhost:5432/billing"
    jwt_secret: str = ""


settings = Settings()
