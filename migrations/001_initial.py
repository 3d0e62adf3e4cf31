"""Peewee migrations -- 001_initial.py.

Some examples (model - class or model name)::

    > Model = migrator.orm['table_name']            # Return model in current state by name
    > Model = migrator.ModelClass                   # Return model in current state by name

    > migrator.sql(sql)                             # Run custom SQL
    > migrator.run(func, *args, **kwargs)           # Run python function with the given args
    > migrator.create_model(Model)                  # Create a model (could be used as decorator)
    > migrator.remove_model(model, cascade=True)    # Remove a model
    > migrator.add_fields(model, **fields)          # Add fields (allow_not_null=True skips default)
    > migrator.change_fields(model, **fields)       # Change fields
    > migrator.remove_fields(model, *field_names, cascade=True)
    > migrator.rename_field(model, old_field_name, new_field_name)
    > migrator.rename_table(model, new_table_name)
    > migrator.add_index(model, *col_names, unique=False)
    > migrator.add_not_null(model, *field_names)
    > migrator.add_default(model, field_name, default)
    > migrator.add_constraint(model, name, sql)
    > migrator.drop_index(model, *col_names)
    > migrator.drop_not_null(model, *field_names)
    > migrator.drop_constraints(model, *constraints)

"""

from contextlib import suppress
from decimal import ROUND_HALF_EVEN, Decimal

import peewee as pw
from peewee_migrate import Migrator


with suppress(ImportError):
    import playhouse.postgres_ext as pw_pext


def migrate(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your migrations here."""
    
    @migrator.create_model
    class MaintenanceCompany(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=255)
        email = pw.CharField(max_length=255)
        phone = pw.CharField(max_length=255)

        class Meta:
            table_name = "maintenance_company"

    @migrator.create_model
    class HousingCompany(pw.Model):
        id = pw.AutoField()
        name = pw.CharField(max_length=255)
        business_id = pw.CharField(max_length=255, unique=True)
        street_address = pw.CharField(max_length=255)
        postal_code = pw.CharField(max_length=5)
        city = pw.CharField(default='Helsinki', max_length=255)
        maintenance_company = pw.ForeignKeyField(column_name='maintenance_company_id', field='id', model=migrator.orm['maintenance_company'], null=True)
        manager_name = pw.CharField(default='', max_length=255)
        manager_company = pw.CharField(default='', max_length=255)
        manager_phone = pw.CharField(default='', max_length=255)
        manager_email = pw.CharField(default='', max_length=255)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "housing_company"
            indexes = [(('name',), False)]

    @migrator.create_model
    class Building(pw.Model):
        id = pw.AutoField()
        housing_company = pw.ForeignKeyField(column_name='housing_company_id', field='id', model=migrator.orm['housing_company'], on_delete='CASCADE')
        code = pw.CharField(max_length=10)
        street_address = pw.CharField(max_length=255)
        postal_code = pw.CharField(max_length=5)
        year_built = pw.IntegerField(null=True)
        floors = pw.IntegerField(default=1)

        class Meta:
            table_name = "building"
            indexes = [(('housing_company', 'code'), True)]

    @migrator.create_model
    class Resident(pw.Model):
        id = pw.AutoField()
        first_names = pw.CharField(max_length=255)
        last_name = pw.CharField(max_length=255)
        hetu_hash = pw.CharField(max_length=64, null=True, unique=True)
        hetu_masked = pw.CharField(default='', max_length=11)
        birth_date = pw.DateField(null=True)
        email = pw.CharField(default='', max_length=255)
        phone = pw.CharField(default='', max_length=255)
        postal_address = pw.CharField(default='', max_length=255)
        language = pw.CharField(default='fi', max_length=2)
        deceased_on = pw.DateField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "resident"
            indexes = [(('last_name', 'first_names'), False)]

    @migrator.create_model
    class User(pw.Model):
        id = pw.AutoField()
        email = pw.CharField(max_length=255, unique=True)
        password_hash = pw.CharField(max_length=255, null=True)
        role = pw.CharField(default='resident', max_length=10)
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], null=True, unique=True)
        name = pw.CharField(default='', max_length=255)
        contact_email = pw.CharField(default='', max_length=255)
        language = pw.CharField(default='fi', max_length=2)
        registered_via = pw.CharField(default='strong', max_length=12)
        activated_at = pw.DateTimeField(null=True)
        needs_strong_identification = pw.BooleanField(default=False)
        session_version = pw.IntegerField(default=1)
        disabled = pw.BooleanField(default=False)
        last_login_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "user"

    @migrator.create_model
    class Announcement(pw.Model):
        id = pw.AutoField()
        audience = pw.CharField(default='all', max_length=16)
        housing_company = pw.ForeignKeyField(column_name='housing_company_id', field='id', model=migrator.orm['housing_company'], null=True)
        building = pw.ForeignKeyField(column_name='building_id', field='id', model=migrator.orm['building'], null=True)
        title_fi = pw.CharField(max_length=255)
        title_sv = pw.CharField(default='', max_length=255)
        title_en = pw.CharField(default='', max_length=255)
        body_fi = pw.TextField()
        body_sv = pw.TextField(default='')
        body_en = pw.TextField(default='')
        published_at = pw.DateTimeField()
        expires_at = pw.DateTimeField(null=True)
        created_by = pw.ForeignKeyField(column_name='created_by_id', field='id', model=migrator.orm['user'], null=True)

        class Meta:
            table_name = "announcement"
            indexes = [(('audience', 'published_at'), False)]

    @migrator.create_model
    class Appointment(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'], null=True)
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], null=True)
        name = pw.CharField(max_length=255)
        email = pw.CharField(max_length=255)
        phone = pw.CharField(default='', max_length=255)
        reason = pw.CharField(max_length=30)
        details = pw.TextField(default='')
        language = pw.CharField(default='fi', max_length=2)
        status = pw.CharField(default='requested', max_length=12)
        starts_at = pw.DateTimeField(null=True)
        ends_at = pw.DateTimeField(null=True)
        slot_key = pw.CharField(max_length=255, null=True, unique=True)
        confirmed_by = pw.ForeignKeyField(column_name='confirmed_by_id', field='id', model=migrator.orm['user'], null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "appointment"
            indexes = [(('status', 'starts_at'), False), (('user', 'created_at'), False)]

    @migrator.create_model
    class AuditLog(pw.Model):
        id = pw.AutoField()
        actor = pw.ForeignKeyField(column_name='actor_id', field='id', model=migrator.orm['user'], null=True)
        actor_label = pw.CharField(default='', max_length=255)
        action = pw.CharField(max_length=40)
        target_type = pw.CharField(default='', max_length=30)
        target_id = pw.IntegerField(null=True)
        data = pw.TextField(null=True)
        ip = pw.CharField(default='', max_length=45)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "audit_log"
            indexes = [(('target_type', 'target_id'), False), (('created_at',), False)]

    @migrator.create_model
    class BankAccount(pw.Model):
        id = pw.AutoField()
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], on_delete='CASCADE', unique=True)
        iban = pw.CharField(max_length=34)
        bic = pw.CharField(default='', max_length=11)
        holder_name = pw.CharField(max_length=255)
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "bank_account"

    @migrator.create_model
    class Document(pw.Model):
        id = pw.AutoField()
        housing_company = pw.ForeignKeyField(column_name='housing_company_id', field='id', model=migrator.orm['housing_company'], on_delete='CASCADE')
        building = pw.ForeignKeyField(column_name='building_id', field='id', model=migrator.orm['building'], null=True, on_delete='CASCADE')
        kind = pw.CharField(max_length=30)
        title = pw.CharField(max_length=255)
        filename = pw.CharField(max_length=255)
        content_type = pw.CharField(default='application/pdf', max_length=255)
        storage_key = pw.CharField(max_length=255, unique=True)
        size = pw.IntegerField(default=0)
        sha256 = pw.CharField(default='', max_length=64)
        is_public = pw.BooleanField(default=False)
        description = pw.TextField(default='')
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "document"
            indexes = [(('housing_company', 'kind'), False)]

    @migrator.create_model
    class Flat(pw.Model):
        id = pw.AutoField()
        housing_company = pw.ForeignKeyField(column_name='housing_company_id', field='id', model=migrator.orm['housing_company'], on_delete='CASCADE')
        building = pw.ForeignKeyField(column_name='building_id', field='id', model=migrator.orm['building'], on_delete='CASCADE')
        number = pw.CharField(max_length=20)
        flat_type = pw.CharField(max_length=10)
        area_m2 = pw.DecimalField(auto_round=False, decimal_places=1, max_digits=6, rounding=ROUND_HALF_EVEN)
        floor = pw.IntegerField(default=1)
        heka_code = pw.CharField(max_length=255, unique=True)

        class Meta:
            table_name = "flat"
            indexes = [(('building', 'number'), True)]

    @migrator.create_model
    class Lease(pw.Model):
        id = pw.AutoField()
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        number = pw.CharField(max_length=255, unique=True)
        starts_on = pw.DateField()
        ends_on = pw.DateField(null=True)
        monthly_rent = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, rounding=ROUND_HALF_EVEN)
        deposit = pw.DecimalField(auto_round=True, decimal_places=2, default=Decimal('0'), max_digits=12, rounding=ROUND_HALF_EVEN)
        terms = pw.TextField(default='')
        notice_given_on = pw.DateField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "lease"
            indexes = [(('flat', 'starts_on'), False)]

    @migrator.create_model
    class Invoice(pw.Model):
        id = pw.AutoField()
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], on_delete='CASCADE')
        number = pw.CharField(max_length=255, unique=True)
        reference = pw.CharField(max_length=20, unique=True)
        period = pw.DateField()
        issued_on = pw.DateField()
        due_on = pw.DateField()
        amount = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, rounding=ROUND_HALF_EVEN)
        paid_amount = pw.DecimalField(auto_round=True, decimal_places=2, default=Decimal('0'), max_digits=12, rounding=ROUND_HALF_EVEN)
        status = pw.CharField(default='open', max_length=12)
        kind = pw.CharField(default='rent', max_length=12)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "invoice"
            indexes = [(('lease', 'due_on'), False), (('status', 'due_on'), False)]

    @migrator.create_model
    class DoorOpening(pw.Model):
        id = pw.AutoField()
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], null=True)
        opened_at = pw.DateTimeField()
        performed_by = pw.CharField(default='', max_length=255)
        document_type = pw.CharField(default='', max_length=20)
        fee = pw.DecimalField(auto_round=True, decimal_places=2, default=Decimal('0'), max_digits=12, rounding=ROUND_HALF_EVEN)
        invoice = pw.ForeignKeyField(column_name='invoice_id', field='id', model=migrator.orm['invoice'], null=True)
        logged_by = pw.ForeignKeyField(column_name='logged_by_id', field='id', model=migrator.orm['user'], null=True)
        notes = pw.TextField(default='')
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "door_opening"
            indexes = [(('flat', 'opened_at'), False)]

    @migrator.create_model
    class FaultReport(pw.Model):
        id = pw.AutoField()
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        reporter = pw.ForeignKeyField(column_name='reporter_id', field='id', model=migrator.orm['user'], null=True)
        reporter_name = pw.CharField(default='', max_length=255)
        reporter_email = pw.CharField(default='', max_length=255)
        reporter_phone = pw.CharField(default='', max_length=255)
        is_public = pw.BooleanField(default=False)
        confirmed_at = pw.DateTimeField(null=True)
        matches_register = pw.BooleanField(default=True)
        category = pw.CharField(max_length=40)
        location = pw.CharField(default='', max_length=255)
        description = pw.TextField()
        master_key_allowed = pw.BooleanField(default=False)
        pets = pw.CharField(default='', max_length=255)
        visiting_times = pw.CharField(default='', max_length=255)
        status = pw.CharField(default='received', max_length=20)
        forward_after = pw.DateTimeField(null=True)
        forwarded_at = pw.DateTimeField(null=True)
        visit_at = pw.DateTimeField(null=True)
        done_at = pw.DateTimeField(null=True)
        feedback = pw.CharField(default='', max_length=10)
        previous = pw.ForeignKeyField(column_name='previous_id', field='id', model='self', null=True)
        version = pw.IntegerField(default=1)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "fault_report"
            indexes = [(('flat', 'created_at'), False), (('status', 'created_at'), False)]

    @migrator.create_model
    class FaultEvent(pw.Model):
        id = pw.AutoField()
        report = pw.ForeignKeyField(column_name='report_id', field='id', model=migrator.orm['fault_report'], on_delete='CASCADE')
        kind = pw.CharField(max_length=12)
        status = pw.CharField(default='', max_length=20)
        text = pw.TextField(default='')
        visible_to_resident = pw.BooleanField(default=True)
        actor = pw.ForeignKeyField(column_name='actor_id', field='id', model=migrator.orm['user'], null=True)
        actor_label = pw.CharField(default='', max_length=255)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "fault_event"
            indexes = [(('report', 'created_at'), False)]

    @migrator.create_model
    class FaultPhoto(pw.Model):
        id = pw.AutoField()
        report = pw.ForeignKeyField(column_name='report_id', field='id', model=migrator.orm['fault_report'], on_delete='CASCADE')
        storage_key = pw.CharField(max_length=255, unique=True)
        thumb_key = pw.CharField(default='', max_length=255)
        content_type = pw.CharField(default='image/jpeg', max_length=255)
        width = pw.IntegerField(default=0)
        height = pw.IntegerField(default=0)
        size = pw.IntegerField(default=0)
        uploaded_by = pw.ForeignKeyField(column_name='uploaded_by_id', field='id', model=migrator.orm['user'], null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "fault_photo"

    @migrator.create_model
    class Fee(pw.Model):
        id = pw.AutoField()
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], on_delete='CASCADE')
        kind = pw.CharField(max_length=12)
        description = pw.CharField(default='', max_length=255)
        monthly_amount = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, rounding=ROUND_HALF_EVEN)
        starts_on = pw.DateField()
        ends_on = pw.DateField(null=True)
        source = pw.CharField(default='', max_length=255)

        class Meta:
            table_name = "fee"
            indexes = [(('lease', 'starts_on'), False)]

    @migrator.create_model
    class Identification(pw.Model):
        id = pw.AutoField()
        method = pw.CharField(max_length=10)
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], null=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'], null=True)
        hetu_hash = pw.CharField(default='', max_length=64)
        name = pw.CharField(default='', max_length=255)
        document_type = pw.CharField(default='', max_length=20)
        recorded_by = pw.ForeignKeyField(column_name='recorded_by_id', field='id', model=migrator.orm['user'], null=True)
        used_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "identification"
            indexes = [(('resident', 'method', 'created_at'), False)]

    @migrator.create_model
    class InvoiceLine(pw.Model):
        id = pw.AutoField()
        invoice = pw.ForeignKeyField(column_name='invoice_id', field='id', model=migrator.orm['invoice'], on_delete='CASCADE')
        fee = pw.ForeignKeyField(column_name='fee_id', field='id', model=migrator.orm['fee'], null=True)
        description = pw.CharField(max_length=255)
        amount = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, rounding=ROUND_HALF_EVEN)

        class Meta:
            table_name = "invoice_line"

    @migrator.create_model
    class PowerOfAttorney(pw.Model):
        id = pw.AutoField()
        grantor = pw.ForeignKeyField(column_name='grantor_id', field='id', model=migrator.orm['resident'], on_delete='CASCADE')
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], on_delete='CASCADE')
        agent_name = pw.CharField(max_length=255)
        agent_email = pw.CharField(default='', max_length=255)
        agent_hetu_hash = pw.CharField(default='', max_length=64)
        agent_user = pw.ForeignKeyField(column_name='agent_user_id', field='id', model=migrator.orm['user'], null=True)
        kind = pw.CharField(max_length=20)
        scopes = pw.CharField(default='', max_length=255)
        free_text = pw.TextField(default='')
        valid_from = pw.DateField()
        valid_until = pw.DateField(null=True)
        received_via = pw.CharField(default='office', max_length=10)
        registered_by = pw.ForeignKeyField(column_name='registered_by_id', field='id', model=migrator.orm['user'], null=True)
        revoked_at = pw.DateTimeField(null=True)
        used_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "power_of_attorney"
            indexes = [(('agent_user', 'valid_from'), False), (('lease',), False)]

    @migrator.create_model
    class KeyHandover(pw.Model):
        id = pw.AutoField()
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], null=True)
        direction = pw.CharField(max_length=10)
        keys_count = pw.IntegerField(default=1)
        person_name = pw.CharField(default='', max_length=255)
        power_of_attorney = pw.ForeignKeyField(column_name='power_of_attorney_id', field='id', model=migrator.orm['power_of_attorney'], null=True)
        via_after_hours_box = pw.BooleanField(default=False)
        handled_at = pw.DateTimeField()
        logged_by = pw.ForeignKeyField(column_name='logged_by_id', field='id', model=migrator.orm['user'], null=True)
        notes = pw.TextField(default='')

        class Meta:
            table_name = "key_handover"
            indexes = [(('flat', 'handled_at'), False)]

    @migrator.create_model
    class LeaseParty(pw.Model):
        id = pw.AutoField()
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], on_delete='CASCADE')
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], on_delete='CASCADE')

        class Meta:
            table_name = "lease_party"
            indexes = [(('lease', 'resident'), True), (('resident',), False)]

    @migrator.create_model
    class MessageThread(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'], on_delete='CASCADE')
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], null=True)
        topic = pw.CharField(default='other', max_length=20)
        subject = pw.CharField(max_length=255)
        status = pw.CharField(default='open', max_length=10)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "message_thread"
            indexes = [(('user', 'updated_at'), False), (('status', 'updated_at'), False)]

    @migrator.create_model
    class Message(pw.Model):
        id = pw.AutoField()
        thread = pw.ForeignKeyField(column_name='thread_id', field='id', model=migrator.orm['message_thread'], on_delete='CASCADE')
        author = pw.ForeignKeyField(column_name='author_id', field='id', model=migrator.orm['user'], null=True)
        from_staff = pw.BooleanField(default=False)
        body = pw.TextField()
        read_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "message"
            indexes = [(('thread', 'created_at'), False)]

    @migrator.create_model
    class Notification(pw.Model):
        id = pw.AutoField()
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'], on_delete='CASCADE')
        kind = pw.CharField(max_length=30)
        text = pw.CharField(max_length=255)
        url = pw.CharField(default='', max_length=255)
        read_at = pw.DateTimeField(null=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "notification"
            indexes = [(('user', 'created_at'), False)]

    @migrator.create_model
    class Occupancy(pw.Model):
        id = pw.AutoField()
        resident = pw.ForeignKeyField(column_name='resident_id', field='id', model=migrator.orm['resident'], on_delete='CASCADE')
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        moved_in = pw.DateField()
        moved_out = pw.DateField(null=True)
        in_register = pw.BooleanField(default=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "occupancy"
            indexes = [(('flat', 'moved_in'), False), (('resident', 'flat', 'moved_in'), True)]

    @migrator.create_model
    class OutboxMail(pw.Model):
        id = pw.AutoField()
        recipient = pw.CharField(max_length=255)
        subject = pw.CharField(max_length=255)
        body_text = pw.TextField()
        body_html = pw.TextField(default='')
        language = pw.CharField(default='fi', max_length=2)
        kind = pw.CharField(default='', max_length=30)
        status = pw.CharField(default='pending', max_length=10)
        attempts = pw.IntegerField(default=0)
        next_attempt_at = pw.DateTimeField()
        last_error = pw.TextField(default='')
        created_at = pw.DateTimeField()
        sent_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "outbox_mail"
            indexes = [(('status', 'next_attempt_at'), False), (('created_at',), False)]

    @migrator.create_model
    class ParkingSpace(pw.Model):
        id = pw.AutoField()
        housing_company = pw.ForeignKeyField(column_name='housing_company_id', field='id', model=migrator.orm['housing_company'], on_delete='CASCADE')
        code = pw.CharField(max_length=10)
        kind = pw.CharField(max_length=12)
        monthly_fee = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, rounding=ROUND_HALF_EVEN)

        class Meta:
            table_name = "parking_space"
            indexes = [(('housing_company', 'code'), True)]

    @migrator.create_model
    class ParkingContract(pw.Model):
        id = pw.AutoField()
        space = pw.ForeignKeyField(column_name='space_id', field='id', model=migrator.orm['parking_space'], on_delete='CASCADE')
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], on_delete='CASCADE')
        starts_on = pw.DateField()
        ends_on = pw.DateField(null=True)
        notice_given_on = pw.DateField(null=True)
        hold_key = pw.CharField(max_length=255, null=True, unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "parking_contract"
            indexes = [(('flat', 'starts_on'), False)]

    @migrator.create_model
    class Payment(pw.Model):
        id = pw.AutoField()
        lease = pw.ForeignKeyField(column_name='lease_id', field='id', model=migrator.orm['lease'], on_delete='CASCADE')
        invoice = pw.ForeignKeyField(column_name='invoice_id', field='id', model=migrator.orm['invoice'], null=True)
        paid_on = pw.DateField()
        amount = pw.DecimalField(auto_round=True, decimal_places=2, max_digits=12, rounding=ROUND_HALF_EVEN)
        reference = pw.CharField(default='', max_length=25)
        source = pw.CharField(default='bank', max_length=10)
        archive_id = pw.CharField(default='', max_length=255)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "payment"
            indexes = [(('lease', 'paid_on'), False)]

    @migrator.create_model
    class Sauna(pw.Model):
        id = pw.AutoField()
        housing_company = pw.ForeignKeyField(column_name='housing_company_id', field='id', model=migrator.orm['housing_company'], on_delete='CASCADE')
        building = pw.ForeignKeyField(column_name='building_id', field='id', model=migrator.orm['building'], null=True)
        name = pw.CharField(max_length=255)
        monthly_fee = pw.DecimalField(auto_round=True, decimal_places=2, default=Decimal('0'), max_digits=12, rounding=ROUND_HALF_EVEN)
        turns_per_flat = pw.IntegerField(default=1)
        earliest_start_days = pw.IntegerField(default=1)
        notice_months = pw.IntegerField(default=1)
        allow_one_off = pw.BooleanField(default=True)

        class Meta:
            table_name = "sauna"

    @migrator.create_model
    class SaunaHour(pw.Model):
        id = pw.AutoField()
        sauna = pw.ForeignKeyField(column_name='sauna_id', field='id', model=migrator.orm['sauna'], on_delete='CASCADE')
        weekday = pw.IntegerField()
        start_hour = pw.IntegerField()
        bookable = pw.BooleanField(default=True)
        label = pw.CharField(default='', max_length=255)

        class Meta:
            table_name = "sauna_hour"
            indexes = [(('sauna', 'weekday', 'start_hour'), True)]

    @migrator.create_model
    class SaunaSingleBooking(pw.Model):
        id = pw.AutoField()
        hour = pw.ForeignKeyField(column_name='hour_id', field='id', model=migrator.orm['sauna_hour'], on_delete='CASCADE')
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        on_date = pw.DateField()
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "sauna_single_booking"
            indexes = [(('hour', 'on_date'), True)]

    @migrator.create_model
    class SaunaTurn(pw.Model):
        id = pw.AutoField()
        hour = pw.ForeignKeyField(column_name='hour_id', field='id', model=migrator.orm['sauna_hour'], on_delete='CASCADE')
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        starts_on = pw.DateField()
        ends_on = pw.DateField(null=True)
        hold_key = pw.CharField(max_length=255, null=True, unique=True)
        created_at = pw.DateTimeField()

        class Meta:
            table_name = "sauna_turn"
            indexes = [(('flat', 'starts_on'), False)]

    @migrator.create_model
    class ServiceRequest(pw.Model):
        id = pw.AutoField()
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'])
        kind = pw.CharField(max_length=30)
        status = pw.CharField(default='received', max_length=20)
        data = pw.TextField()
        handled_by = pw.ForeignKeyField(column_name='handled_by_id', field='id', model=migrator.orm['user'], null=True)
        created_at = pw.DateTimeField()
        updated_at = pw.DateTimeField()

        class Meta:
            table_name = "service_request"
            indexes = [(('flat', 'created_at'), False), (('status', 'created_at'), False)]

    @migrator.create_model
    class Token(pw.Model):
        id = pw.AutoField()
        purpose = pw.CharField(max_length=20)
        token_hash = pw.CharField(max_length=64, unique=True)
        user = pw.ForeignKeyField(column_name='user_id', field='id', model=migrator.orm['user'], null=True, on_delete='CASCADE')
        data = pw.TextField(null=True)
        created_at = pw.DateTimeField()
        expires_at = pw.DateTimeField()
        used_at = pw.DateTimeField(null=True)

        class Meta:
            table_name = "token"
            indexes = [(('user', 'purpose'), False)]

    @migrator.create_model
    class WaitingListEntry(pw.Model):
        id = pw.AutoField()
        queue_key = pw.CharField(max_length=60)
        flat = pw.ForeignKeyField(column_name='flat_id', field='id', model=migrator.orm['flat'], on_delete='CASCADE')
        status = pw.CharField(default='waiting', max_length=10)
        joined_at = pw.DateTimeField()
        offered_at = pw.DateTimeField(null=True)
        offer_expires_at = pw.DateTimeField(null=True)
        hold_key = pw.CharField(max_length=255, null=True, unique=True)

        class Meta:
            table_name = "waiting_list_entry"
            indexes = [(('queue_key', 'status', 'joined_at'), False)]


def rollback(migrator: Migrator, database: pw.Database, *, fake=False):
    """Write your rollback migrations here."""
    
    migrator.remove_model('waiting_list_entry')

    migrator.remove_model('token')

    migrator.remove_model('service_request')

    migrator.remove_model('sauna_turn')

    migrator.remove_model('sauna_single_booking')

    migrator.remove_model('sauna_hour')

    migrator.remove_model('sauna')

    migrator.remove_model('payment')

    migrator.remove_model('parking_contract')

    migrator.remove_model('parking_space')

    migrator.remove_model('outbox_mail')

    migrator.remove_model('occupancy')

    migrator.remove_model('notification')

    migrator.remove_model('message')

    migrator.remove_model('message_thread')

    migrator.remove_model('lease_party')

    migrator.remove_model('key_handover')

    migrator.remove_model('power_of_attorney')

    migrator.remove_model('invoice_line')

    migrator.remove_model('identification')

    migrator.remove_model('fee')

    migrator.remove_model('fault_photo')

    migrator.remove_model('fault_event')

    migrator.remove_model('fault_report')

    migrator.remove_model('door_opening')

    migrator.remove_model('invoice')

    migrator.remove_model('lease')

    migrator.remove_model('flat')

    migrator.remove_model('document')

    migrator.remove_model('bank_account')

    migrator.remove_model('audit_log')

    migrator.remove_model('appointment')

    migrator.remove_model('announcement')

    migrator.remove_model('user')

    migrator.remove_model('resident')

    migrator.remove_model('building')

    migrator.remove_model('housing_company')

    migrator.remove_model('maintenance_company')
